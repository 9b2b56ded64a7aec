using System.Threading.Channels;

namespace Campus.Actors.Runtime;

/// <summary>
/// Group commit: callers hand in inputs, a writer loop packs whatever is waiting into one
/// multi-row insert, and each caller is answered when its rows are durable. The queue is bounded
/// by the number of waiting inputs: past it callers get <see cref="OverloadedException"/>.
/// </summary>
internal sealed class LogWriter : IAsyncDisposable
{
    private readonly IShardStore _store;
    private readonly RuntimeOptions _options;
    private readonly Action<IReadOnlyList<LogAppend>, AppendResult> _onAppended;
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _loops;
    private int _pending;

    public LogWriter(IShardStore store, RuntimeOptions options, Action<IReadOnlyList<LogAppend>, AppendResult> onAppended)
    {
        _store = store;
        _options = options;
        _onAppended = onAppended;
        _loops = new Task[options.AppendConcurrency];
        for (var i = 0; i < _loops.Length; i++) _loops[i] = Task.Run(WriteLoopAsync);
    }

    /// <summary>Inputs waiting to be stored.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public Task<AppendResult> AppendAsync(IReadOnlyList<LogAppend> rows)
    {
        if (rows.Count == 0) return Task.FromResult(new AppendResult([]));
        if (rows.Count > _options.MaxPendingAppends)
            throw new ArgumentException($"At most {_options.MaxPendingAppends} inputs fit in one append.", nameof(rows));
        var pending = Interlocked.Add(ref _pending, rows.Count);
        if (pending > _options.MaxPendingAppends)
        {
            Interlocked.Add(ref _pending, -rows.Count);
            throw new OverloadedException(pending - rows.Count, _options.MaxPendingAppends);
        }
        var request = new Request(rows, new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(request))
        {
            Interlocked.Add(ref _pending, -rows.Count);
            throw new ObjectDisposedException(nameof(LogWriter));
        }
        return request.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Request>();
        var rows = new List<LogAppend>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            rows.Clear();
            while (rows.Count < _options.MaxAppendBatch && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
                rows.AddRange(request.Rows);
            }
            if (batch.Count == 0) continue;
            AppendResult? result = null;
            Exception? failure = null;
            try
            {
                result = await _store.AppendAsync(rows).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            // Free the queue's room before answering, so a caller that retries at once finds it.
            Interlocked.Add(ref _pending, -rows.Count);
            if (result is null)
            {
                foreach (var request in batch) request.Done.TrySetException(failure!);
                continue;
            }
            _onAppended(rows, result);
            var start = 0;
            foreach (var request in batch)
            {
                request.Done.TrySetResult(new AppendResult(result.Offsets.AsSpan(start, request.Rows.Count).ToArray()));
                start += request.Rows.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private sealed record Request(IReadOnlyList<LogAppend> Rows, TaskCompletionSource<AppendResult> Done);
}
