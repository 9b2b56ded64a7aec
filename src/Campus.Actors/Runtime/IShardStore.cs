namespace Campus.Actors.Runtime;

/// <summary>
/// Durable storage of the runtime: the shards' logs (the source of truth), entity snapshots,
/// outputs, and shard ownership. Two providers implement it, SQLite (embedded) and PostgreSQL;
/// one contract test suite runs against both.
/// </summary>
/// <remarks>
/// Every method is safe to call concurrently. Appends may come from any process; a shard's
/// checkpoints only from its current owner (see <see cref="AcquireShardAsync"/>).
/// </remarks>
public interface IShardStore : IAsyncDisposable
{
    /// <summary>A short name for logs and benchmarks: "sqlite" or "postgres".</summary>
    string Provider { get; }

    /// <summary>Applies the versioned schema migrations that are not applied yet.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends inputs, possibly of several shards, in one transaction with multi-row inserts.
    /// Offsets are assigned per shard in call order, increasing, and are visible in offset order
    /// (a reader never sees offset n+1 before n). Inputs whose (shard, source, event id) is
    /// already stored, or stands earlier in the call, are dropped and reported as duplicates.
    /// Returns once the rows are durable.
    /// </summary>
    Task<AppendResult> AppendAsync(IReadOnlyList<LogAppend> inputs, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> log entries of a shard after an offset, in offset order.</summary>
    Task<IReadOnlyList<LogEntry>> ReadLogAsync(int shard, long afterOffset, int max, CancellationToken cancellationToken = default);

    /// <summary>The highest offset appended to a shard's log (0 when empty).</summary>
    Task<long> GetLogHeadAsync(int shard, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes ownership of a shard: increments and returns its epoch, with the offset of its last
    /// checkpoint. Any earlier owner's checkpoints fail from now on.
    /// </summary>
    Task<ShardLease> AcquireShardAsync(int shard, string ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a checkpoint in one transaction: offset, entity snapshots (inserted or replaced),
    /// outputs (an output whose id is already stored is left as it is). Throws
    /// <see cref="ShardFencedException"/>, writing nothing, when the epoch is not current.
    /// </summary>
    Task WriteCheckpointAsync(ShardCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Streams every entity snapshot of a shard, as of its last checkpoint.</summary>
    IAsyncEnumerable<EntitySnapshot> LoadEntitiesAsync(int shard, CancellationToken cancellationToken = default);

    /// <summary>One entity's snapshot, or null when it has none.</summary>
    Task<EntitySnapshot?> LoadEntityAsync(int shard, string entityId, CancellationToken cancellationToken = default);

    /// <summary>Stored outputs of a shard after a log offset, in (offset, index) order.</summary>
    Task<IReadOnlyList<OutputRecord>> ReadOutputsAsync(int shard, long afterOffset, int max, CancellationToken cancellationToken = default);
}
