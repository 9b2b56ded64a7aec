using Campus.Actors.Runtime;

namespace Campus.TestKit;

/// <summary>
/// A store decorator that injects failures into a real store: the next append or checkpoint
/// fails before touching the store, or (a lost acknowledgement) after the store committed it.
/// </summary>
public sealed class FaultyStore(IShardStore inner) : IShardStore
{
    private int _failAppends;
    private int _failCheckpoints;
    private int _failCheckpointsAfterCommit;
    private TaskCompletionSource? _appendGate;
    private int _appendCalls;

    public IShardStore Inner { get; } = inner;

    public string Provider => Inner.Provider;

    /// <summary>How many checkpoints were written successfully.</summary>
    public int CheckpointsWritten { get; private set; }

    /// <summary>How many append calls reached the store (group commit packs many callers into one).</summary>
    public int AppendCalls => Volatile.Read(ref _appendCalls);

    /// <summary>Holds every append until the returned action is called (to fill the input queue).</summary>
    public Action HoldAppends()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _appendGate = gate;
        return () =>
        {
            _appendGate = null;
            gate.TrySetResult();
        };
    }

    /// <summary>The next <paramref name="count"/> appends fail and store nothing.</summary>
    public void FailNextAppend(int count = 1) => Interlocked.Exchange(ref _failAppends, count);

    /// <summary>The next <paramref name="count"/> checkpoints fail and write nothing.</summary>
    public void FailNextCheckpoint(int count = 1) => Interlocked.Exchange(ref _failCheckpoints, count);

    /// <summary>The next checkpoint is committed, but the caller is told it failed.</summary>
    public void FailNextCheckpointAfterCommit() => Interlocked.Exchange(ref _failCheckpointsAfterCommit, 1);

    public Task MigrateAsync(CancellationToken cancellationToken = default) => Inner.MigrateAsync(cancellationToken);

    public async Task<AppendResult> AppendAsync(IReadOnlyList<LogAppend> inputs, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appendCalls);
        if (_appendGate is { } gate) await gate.Task.ConfigureAwait(false);
        if (Take(ref _failAppends)) throw new InjectedFaultException("append");
        return await Inner.AppendAsync(inputs, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(int shard, long afterOffset, int max, CancellationToken cancellationToken = default) =>
        Inner.ReadLogAsync(shard, afterOffset, max, cancellationToken);

    public Task<long> GetLogHeadAsync(int shard, CancellationToken cancellationToken = default) => Inner.GetLogHeadAsync(shard, cancellationToken);

    public Task<ShardLease> AcquireShardAsync(int shard, string ownerId, CancellationToken cancellationToken = default) =>
        Inner.AcquireShardAsync(shard, ownerId, cancellationToken);

    public async Task WriteCheckpointAsync(ShardCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        if (Take(ref _failCheckpoints)) throw new InjectedFaultException("checkpoint");
        await Inner.WriteCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (Take(ref _failCheckpointsAfterCommit)) throw new InjectedFaultException("checkpoint acknowledgement");
        CheckpointsWritten++;
    }

    public IAsyncEnumerable<EntitySnapshot> LoadEntitiesAsync(int shard, CancellationToken cancellationToken = default) =>
        Inner.LoadEntitiesAsync(shard, cancellationToken);

    public Task<EntitySnapshot?> LoadEntityAsync(int shard, string entityId, CancellationToken cancellationToken = default) =>
        Inner.LoadEntityAsync(shard, entityId, cancellationToken);

    public Task<IReadOnlyList<OutputRecord>> ReadOutputsAsync(int shard, long afterOffset, int max, CancellationToken cancellationToken = default) =>
        Inner.ReadOutputsAsync(shard, afterOffset, max, cancellationToken);

    public ValueTask DisposeAsync() => Inner.DisposeAsync();

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0) return false;
            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current) return true;
        }
    }
}

/// <summary>A failure injected by <see cref="FaultyStore"/>.</summary>
public sealed class InjectedFaultException(string what) : Exception($"Injected failure: {what}.");
