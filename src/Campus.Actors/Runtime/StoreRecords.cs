namespace Campus.Actors.Runtime;

/// <summary>
/// An input to be appended to a shard's log. <see cref="Source"/> and <see cref="EventId"/>
/// together are the de-duplication key: a second append with the same pair in the same shard is
/// dropped.
/// </summary>
/// <param name="Shard">The shard whose log receives the input.</param>
/// <param name="Source">Who sent it: a device, an operator, the timer service ("timer").</param>
/// <param name="EventId">Unique per source.</param>
/// <param name="EntityId">The target entity, <c>kind/campus/key</c>.</param>
/// <param name="MessageType">The registered name of the message type (see <c>MessageCodec</c>).</param>
/// <param name="Payload">The message, UTF-8 JSON.</param>
/// <param name="OccurredAt">When it happened, UTC ticks: the only time the entity sees.</param>
public sealed record LogAppend(
    int Shard,
    string Source,
    string EventId,
    string EntityId,
    string MessageType,
    byte[] Payload,
    long OccurredAt);

/// <summary>An input as stored in a shard's log, with its offset.</summary>
/// <param name="Offset">Position in the shard's log; increasing, may have gaps where duplicates were dropped.</param>
public sealed record LogEntry(
    int Shard,
    long Offset,
    string Source,
    string EventId,
    string EntityId,
    string MessageType,
    byte[] Payload,
    long OccurredAt);

/// <summary>
/// The result of one append call: for each input, in call order, its log offset, or
/// <see cref="Duplicate"/> when an input with the same source and event id was already stored
/// (or stood earlier in the same call).
/// </summary>
public sealed record AppendResult(long[] Offsets)
{
    /// <summary>The offset reported for a dropped duplicate.</summary>
    public const long Duplicate = -1;

    /// <summary>How many inputs of the call were dropped as duplicates.</summary>
    public int Duplicates => Offsets.Count(o => o == Duplicate);
}

/// <summary>
/// Ownership of one shard, as granted by <see cref="IShardStore.AcquireShardAsync"/>. Every
/// acquisition increments the epoch; a checkpoint is accepted only with the current epoch.
/// </summary>
/// <param name="Epoch">The ownership epoch that fences this owner's checkpoints.</param>
/// <param name="CheckpointOffset">The last log offset whose effects are in the stored states (0: none).</param>
public sealed record ShardLease(int Shard, long Epoch, long CheckpointOffset);

/// <summary>The durable form of one entity: its state and its pending timers.</summary>
/// <param name="EntityId">The entity, <c>kind/campus/key</c>.</param>
/// <param name="State">The state, UTF-8 JSON.</param>
/// <param name="Timers">The pending timers, UTF-8 JSON, or null when there are none.</param>
public sealed record EntitySnapshot(string EntityId, byte[] State, byte[]? Timers);

/// <summary>
/// An output of an entity (an alert change, a notice...) with an id that replay reproduces:
/// <c>{shard}-{offset}-{index}</c>, the input that caused it and its ordinal within that input.
/// </summary>
/// <param name="Offset">The log offset of the input that produced it.</param>
/// <param name="Index">Its ordinal among the outputs of that input.</param>
/// <param name="OccurredAt">The input's time, UTC ticks.</param>
public sealed record OutputRecord(
    string OutputId,
    int Shard,
    long Offset,
    int Index,
    string EntityId,
    string OutputType,
    byte[] Payload,
    long OccurredAt);

/// <summary>
/// What a shard writes in one transaction after a batch of inputs: its new log offset, every
/// entity that changed, and the outputs of the batch. Fenced by <see cref="Epoch"/>.
/// </summary>
public sealed record ShardCheckpoint(
    int Shard,
    long Epoch,
    long Offset,
    IReadOnlyList<EntitySnapshot> Entities,
    IReadOnlyList<OutputRecord> Outputs);

/// <summary>Thrown when a checkpoint carries an epoch older than the shard's current one: another owner took over.</summary>
public sealed class ShardFencedException(int shard, long epoch)
    : Exception($"Shard {shard}: ownership epoch {epoch} is no longer current; another owner took over.")
{
    public int Shard { get; } = shard;

    public long Epoch { get; } = epoch;
}
