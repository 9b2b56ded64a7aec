namespace Campus.Actors.Runtime;

/// <summary>An output as published to subscribers.</summary>
/// <param name="OutputId">Stable across replays: <c>{shard}-{offset}-{index}</c>. Subscribers de-duplicate by it.</param>
/// <param name="Entity">The entity that emitted it.</param>
/// <param name="Output">The output object.</param>
/// <param name="OccurredAt">The time of the input that caused it.</param>
public sealed record EntityOutput(string OutputId, EntityId Entity, object Output, DateTimeOffset OccurredAt);

/// <summary>
/// Receives outputs as they happen, on the shard's processing thread: keep it quick (hand off to
/// a channel). After a crash, replay publishes the same outputs again with the same ids.
/// </summary>
public interface IOutputSubscriber
{
    void OnOutput(EntityOutput output);
}

/// <summary>An input for <see cref="EntityRuntime.AppendAsync"/>: which entity, what, from whom, when.</summary>
/// <param name="Target">The entity that receives the message.</param>
/// <param name="Message">A message of a registered type.</param>
/// <param name="Source">Who sent it; with <paramref name="EventId"/> the de-duplication key.</param>
/// <param name="EventId">Unique per source.</param>
/// <param name="OccurredAt">When it happened; the only time the entity sees.</param>
public sealed record Input(EntityId Target, object Message, string Source, string EventId, DateTimeOffset OccurredAt);

/// <summary>Thrown when the runtime's bounded input queue is full: retry later.</summary>
public sealed class OverloadedException(int pending, int capacity)
    : Exception($"Overloaded: {pending} inputs are waiting to be stored (capacity {capacity}); retry later.")
{
    /// <summary>How long a caller should wait before retrying.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);
}
