using System.Data.Common;
using Akka.Actor;
using Akka.Hosting;
using Akka.Streams;
using Akka.Streams.Dsl;
using Campus.Actors.Hosting;
using Campus.Host.Storage;

namespace Campus.Host.Projections;

/// <summary>
/// A projection of the journal into the host's tables: it reads every event with outputs after its
/// stored offset (Akka.Persistence.Query EventsByTag, live), and for each batch writes its rows and
/// its new offset in one transaction, so a crash repeats at most a batch it had not committed and
/// never skips one. A failure (database outage) restarts the stream after a pause, from the
/// stored offset. It runs in a cluster singleton (<see cref="ClusterJobActor"/>): once in the
/// cluster, on whichever node is the oldest.
/// </summary>
public abstract class JournalProjection(string name, ActorSystem system, HostDatabase database, ILogger logger) : IClusterJob
{
    private const int BatchSize = 500;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private long _offset = -1;

    /// <summary>The projection's name in <c>projection_offsets</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The journal offset of the last event applied (-1 before the stored offset is read).</summary>
    public long Offset => Interlocked.Read(ref _offset);

    /// <summary>
    /// How long the newest event of the last batch waited between its write to the journal and its
    /// rows being committed here (real time): the processing lag operators watch.
    /// </summary>
    public TimeSpan Lag => TimeSpan.FromTicks(Interlocked.Read(ref _lagTicks));

    private long _lagTicks;

    /// <summary>Writes the rows of a batch of events, inside the projection's transaction.</summary>
    protected abstract Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);

    /// <summary>Called after a batch is committed (to wake whoever reads the rows).</summary>
    protected virtual void OnCommitted(IReadOnlyList<StoredEvent> events)
    {
    }

    /// <summary>
    /// Completes when the projection has applied every event journaled before the call (or throws
    /// after <paramref name="within"/>), wherever in the cluster it runs: it asks the projection's
    /// singleton, through its proxy, to answer once its offset has reached the journal's end.
    /// </summary>
    public async Task CatchUpAsync(TimeSpan within, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        var from = Offset >= 0 ? Offset : await LoadOffsetAsync(deadline.Token);
        var target = await CampusJournal.CurrentEndAsync(system, from, deadline.Token);
        if (Offset >= target) return;
        if (!ActorRegistry.For(system).TryGet(GetType(), out var singleton))
            throw new InvalidOperationException($"The singleton of projection {Name} is not started.");
        await singleton.Ask<CaughtUp>(new CatchUp(target), within, deadline.Token);
    }

    /// <summary>Completes once this (running) projection has applied the journal up to <paramref name="target"/>.</summary>
    public Task WhenAppliedAsync(long target)
    {
        lock (_gate)
        {
            if (Offset >= target) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
            return done.Task;
        }
    }

    /// <summary>Runs the projection until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var offset = await LoadOffsetAsync(stoppingToken);
                Advance(offset);
                var (switchHandle, done) = CampusJournal.Events(system, offset)
                    .GroupedWithin(BatchSize, BatchWindow)
                    .ViaMaterialized(KillSwitches.Single<IEnumerable<StoredEvent>>(), Keep.Right)
                    .SelectAsync(1, batch => WriteAsync([.. batch], stoppingToken))
                    .ToMaterialized(Sink.Ignore<long>(), Keep.Both)
                    .Run(system.Materializer());
                await using (stoppingToken.Register(() => switchHandle.Shutdown()))
                {
                    // A stream of an actor system that has already stopped may never complete: stop waiting when asked to stop.
                    await done.WaitAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Projection {Projection} failed at offset {Offset}; it starts again from its stored offset", Name, Offset);
                try
                {
                    await Task.Delay(RestartDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<long> WriteAsync(IReadOnlyList<StoredEvent> batch, CancellationToken cancellationToken)
    {
        var last = batch[^1].Offset;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ApplyAsync(connection, transaction, batch, cancellationToken);
        await using (var save = HostDatabase.Command(connection, transaction,
            "INSERT INTO projection_offsets (name, \"offset\") VALUES (@name, @offset) ON CONFLICT (name) DO UPDATE SET \"offset\" = excluded.\"offset\"",
            ("name", Name), ("offset", last)))
        {
            await save.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (batch[^1].StoredAtTicks > 0)
            Interlocked.Exchange(ref _lagTicks, Math.Max(0, TimeProvider.System.GetUtcNow().UtcTicks - batch[^1].StoredAtTicks));
        Advance(last);
        OnCommitted(batch);
        return last;
    }

    private async Task<long> LoadOffsetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = HostDatabase.Command(connection, null, "SELECT \"offset\" FROM projection_offsets WHERE name = @name", ("name", Name));
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Advance(long offset)
    {
        List<TaskCompletionSource>? done = null;
        lock (_gate)
        {
            if (offset > _offset) Interlocked.Exchange(ref _offset, offset);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target > _offset) continue;
                (done ??= []).Add(_waiters[i].Done);
                _waiters.RemoveAt(i);
            }
        }
        if (done is null) return;
        foreach (var waiter in done) waiter.TrySetResult();
    }
}
