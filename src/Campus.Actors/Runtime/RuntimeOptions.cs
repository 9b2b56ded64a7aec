namespace Campus.Actors.Runtime;

/// <summary>Tunables of the entity runtime. Defaults suit one school on a small machine.</summary>
public sealed class RuntimeOptions
{
    /// <summary>The fixed number of shards of the deployment (like Akka's number-of-shards). Set once: changing it moves campuses between shards.</summary>
    public int ShardCount { get; set; } = 16;

    /// <summary>The shards this process owns; null means all of them (a single node).</summary>
    public IReadOnlyCollection<int>? OwnedShards { get; set; }

    /// <summary>A name for this process in the ownership table.</summary>
    public string OwnerId { get; set; } = "node";

    /// <summary>How many inputs may wait to be stored before callers are told to retry later.</summary>
    public int MaxPendingAppends { get; set; } = 50_000;

    /// <summary>The most rows one group-commit insert carries.</summary>
    public int MaxAppendBatch { get; set; } = 2_000;

    /// <summary>How many group-commit inserts may be in flight at once.</summary>
    public int AppendConcurrency { get; set; } = 2;

    /// <summary>How many log entries a shard reads and applies before it checkpoints.</summary>
    public int MaxCheckpointBatch { get; set; } = 1_000;

    /// <summary>How many shards may recover at once, so a node taking over many shards does not flood the store.</summary>
    public int MaxConcurrentRecoveries { get; set; } = 4;

    /// <summary>An entity untouched for this many inputs of its shard is passivated after a checkpoint (its state is durable); 0 disables.</summary>
    public int PassivateAfterIdleInputs { get; set; } = 100_000;

    /// <summary>How often an idle shard looks at its log anyway (real time): the safety net for inputs appended by other processes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a shard waits before it retries after a store failure (real time, not the simulated clock).</summary>
    public TimeSpan StoreRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks every option; throws with the name of the first bad one.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ShardCount, 1, nameof(ShardCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingAppends, 1, nameof(MaxPendingAppends));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAppendBatch, 1, nameof(MaxAppendBatch));
        ArgumentOutOfRangeException.ThrowIfLessThan(AppendConcurrency, 1, nameof(AppendConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCheckpointBatch, 1, nameof(MaxCheckpointBatch));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentRecoveries, 1, nameof(MaxConcurrentRecoveries));
        ArgumentOutOfRangeException.ThrowIfNegative(PassivateAfterIdleInputs, nameof(PassivateAfterIdleInputs));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        if (OwnedShards is not null)
        {
            foreach (var shard in OwnedShards)
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, ShardCount, nameof(OwnedShards));
        }
    }
}
