using System.Collections.Immutable;
using Campus.Actors.Entities;

namespace Campus.Actors.Hosting;

/// <summary>Where a journaled message came from.</summary>
public enum EventOrigin
{
    /// <summary>An input from outside (device, operator, manifest), de-duplicated by source and event id.</summary>
    Input,

    /// <summary>A tell from another entity, de-duplicated by sender and tell id.</summary>
    Tell,

    /// <summary>One of the entity's own timers, identified by name and sequence number.</summary>
    Timer,

    /// <summary>A message the entity deferred, handled again (<see cref="EntityEvent.Seq"/> is the sequence number of the event that deferred it).</summary>
    Retry,
}

/// <summary>
/// What an entity journals for every message it accepts: the message itself with where it came
/// from, and the outputs the behaviour emitted for it. Recovery replays the message through the
/// behaviour (deterministic: the same state, timers, tells and output ids); projections read the
/// outputs by tag.
/// </summary>
/// <param name="Source">The input's source, the sender entity's id, or <c>timer</c>.</param>
/// <param name="EventId">The input's event id, or the timer's name.</param>
/// <param name="Seq">The tell's id, or the timer's sequence number.</param>
/// <param name="Horizon">For a tell: the sender's horizon when it sent it.</param>
/// <param name="At">The time the behaviour saw (the input's time, or the timer's due time).</param>
/// <param name="SetAside">True when the behaviour failed on the message: replay skips it.</param>
/// <param name="Deferred">True when the behaviour deferred the message: replay queues it again, and a later <see cref="EventOrigin.Retry"/> event handles it.</param>
public sealed record EntityEvent(
    EventOrigin Origin,
    string Source,
    string? EventId,
    long Seq,
    long Horizon,
    DateTimeOffset At,
    object Message,
    ImmutableArray<object> Outputs,
    bool SetAside = false,
    bool Deferred = false)
{
    /// <summary>The tag of events that carry outputs: the projections read it.</summary>
    public const string OutputsTag = "out";
}

/// <summary>A message the entity deferred: the event that journaled it, and that event's sequence number.</summary>
public sealed record DeferredMessage(long SequenceNr, EntityEvent Event);

/// <summary>A tell waiting for its <see cref="TellDelivered"/>.</summary>
public sealed record PendingTell(long Id, EntityId Target, DateTimeOffset At, object Message);

/// <summary>What one external source has sent lately: hashes of event ids with their times.</summary>
/// <param name="NewestTicks">The newest event time seen from the source.</param>
/// <param name="Entries">(hash, ticks) pairs, oldest first.</param>
public sealed record InputWindowSnapshot(string Source, long NewestTicks, ImmutableArray<(long Hash, long Ticks)> Entries);

/// <summary>What one sending entity has delivered: its horizon and the ids at or above it.</summary>
public sealed record TellWindowSnapshot(string Sender, long Horizon, ImmutableArray<long> Ids);

/// <summary>
/// An entity's snapshot: its behaviour's state (JSON, decoded with the behaviour's state type),
/// its timers, what it has received (for de-duplication) and the tells it still owes.
/// </summary>
public sealed record EntitySnapshot(
    ReadOnlyMemory<byte> State,
    long TimerSeq,
    ImmutableArray<TimerSlot> Timers,
    ImmutableArray<TellWindowSnapshot> Tells,
    ImmutableArray<InputWindowSnapshot> Inputs,
    ImmutableArray<PendingTell> Outbox,
    ImmutableArray<DeferredMessage> Deferred = default);

/// <summary>An event the serializer could not read back: recovery skips it and reports it instead of failing the entity.</summary>
public sealed record UnreadableEvent(string Manifest, string Error);
