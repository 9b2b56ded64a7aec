using System.Collections.Immutable;
using Campus.Actors.Entities;

namespace Campus.Actors.Hosting;

/// <summary>
/// An input for an entity from outside the entity system: a device event, an operator command, a
/// manifest. <paramref name="Source"/> and <paramref name="EventId"/> de-duplicate it: a second
/// input with the same pair is answered as a duplicate and changes nothing.
/// </summary>
/// <param name="Target">The entity that receives it.</param>
/// <param name="Message">A message of a type registered with the codec.</param>
/// <param name="Source">Who sent it (<c>device:hj/gate-north-reader</c>, <c>operator:…</c>, <c>manifest</c>).</param>
/// <param name="EventId">Unique per source; null for an input that is never de-duplicated.</param>
/// <param name="OccurredAt">When it happened: the only time the entity sees.</param>
/// <param name="Remember">How long after the source's newest event this id is remembered (null: <see cref="EntityHostOptions.InputDedupWindow"/>); the last <see cref="Inbox.MinInputsKept"/> ids of a source are always kept.</param>
public sealed record EntityInput(EntityId Target, object Message, string Source, string? EventId, DateTimeOffset OccurredAt, TimeSpan? Remember = null);

/// <summary>A message the campus region routes by its <see cref="Target"/>.</summary>
public interface IEntityEnvelope
{
    /// <summary>The entity the message is for.</summary>
    EntityId Target { get; }
}

/// <summary>
/// Inputs for one entity, sent through the region with an ask: answered with
/// <see cref="InputsAccepted"/> once every new input is in the journal, or with
/// <see cref="InputsRefused"/>.
/// </summary>
public sealed record DeliverInputs(EntityId Target, ImmutableArray<EntityInput> Inputs) : IEntityEnvelope
{
    /// <summary>A short form for logs: never the payload (it may name a student).</summary>
    public override string ToString() => $"DeliverInputs -> {Target} ({Inputs.Length})";
}

/// <summary>The answer to <see cref="DeliverInputs"/>: how many inputs were stored and how many were already known.</summary>
public sealed record InputsAccepted(int Stored, int Duplicates);

/// <summary>The answer to <see cref="DeliverInputs"/> when the inputs could not be stored.</summary>
/// <param name="StoreUnavailable">True when the journal failed (retry later); false when the entity refused them.</param>
public sealed record InputsRefused(string Reason, bool StoreUnavailable);

/// <summary>
/// A message from one entity to another, delivered at least once: the sender keeps it until the
/// receiver answers <see cref="TellDelivered"/> (after persisting it) and sends it again otherwise.
/// The receiver drops repeats by (<see cref="Sender"/>, <see cref="Id"/>).
/// </summary>
/// <param name="Id">Deterministic: the sender's sequence number of the event that caused it, times 2^20, plus its index.</param>
/// <param name="Horizon">The sender promises never to send again a tell whose sequence number is below this; the receiver forgets ids below it.</param>
/// <param name="At">The time of the input that caused it; the receiver sees it as its time.</param>
public sealed record EntityTell(EntityId Target, EntityId Sender, long Id, long Horizon, DateTimeOffset At, object Message) : IEntityEnvelope
{
    /// <summary>How many bits of a tell id hold its index within the event that caused it.</summary>
    public const int IndexBits = 20;

    /// <summary>The id of the <paramref name="index"/>th tell of the event with sequence number <paramref name="sequenceNr"/>.</summary>
    public static long MakeId(long sequenceNr, int index) => (sequenceNr << IndexBits) | (uint)index;

    /// <summary>The sender's sequence number of the event that caused the tell <paramref name="id"/>.</summary>
    public static long SequenceOf(long id) => id >> IndexBits;

    /// <summary>A short form for logs (dead letters): who, to whom, which message type; never the payload (it may name a student).</summary>
    public override string ToString() => $"EntityTell {Sender} -> {Target} #{Id} {Message.GetType().Name}";
}

/// <summary>The receiver of an <see cref="EntityTell"/> has it in its journal (or had it already).</summary>
public sealed record TellDelivered(long Id);

/// <summary>An entity should look at its timers: one may be due.</summary>
public sealed record WakeUp
{
    public static WakeUp Instance { get; } = new();
}

/// <summary>The hand-off stop message: the entity finishes the writes it has started, then stops.</summary>
public sealed record StopEntity
{
    public static StopEntity Instance { get; } = new();
}

/// <summary>Asks an entity for its current state (tests and diagnostics); answered with <see cref="EntityStateReply"/>.</summary>
public sealed record PeekEntity(EntityId Target) : IEntityEnvelope;

/// <summary>An entity's current state and pending timers.</summary>
public sealed record EntityStateReply(EntityId Entity, object State, ImmutableArray<TimerSlot> Timers, int PendingTells);

/// <summary>
/// An output as published to live subscribers (the hub bridge, test probes). Its id is the same on
/// every replay: <c>{entity}#{sequence number}.{index}</c>.
/// </summary>
/// <param name="OutputId">Stable across replays; subscribers de-duplicate by it.</param>
/// <param name="Entity">The entity that emitted it.</param>
/// <param name="Output">The output object (an alert change, a notice...).</param>
/// <param name="OccurredAt">The time of the input that caused it.</param>
public sealed record EntityOutput(string OutputId, EntityId Entity, object Output, DateTimeOffset OccurredAt)
{
    /// <summary>The id of the <paramref name="index"/>th output of the event <paramref name="sequenceNr"/> of <paramref name="entity"/>.</summary>
    public static string MakeId(EntityId entity, long sequenceNr, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{entity}#{sequenceNr}.{index}");
}

/// <summary>
/// Output: an input the entity could not handle (its behaviour threw, or it cannot be stored). It
/// is recorded in the journal in place of the input, so it is never retried, reported to admins,
/// and the entity goes on with the next input.
/// </summary>
public sealed record InputSetAside(string CampusId, string Entity, string Source, string? EventId, DateTimeOffset At, string MessageType, string Error);
