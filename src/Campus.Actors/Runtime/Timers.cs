namespace Campus.Actors.Runtime;

/// <summary>
/// The input the runtime appends to a shard's log when an entity's timer is due. It is
/// de-duplicated by (entity, name, sequence), so a timer fires once however often it is appended.
/// </summary>
/// <param name="Entity">The entity that set the timer.</param>
/// <param name="Name">The timer's name within the entity.</param>
/// <param name="Seq">The entity's sequence number for this setting of the timer.</param>
public sealed record TimerFired(string Entity, string Name, long Seq)
{
    /// <summary>The name of this message in the log.</summary>
    public const string TypeName = "runtime.timer-fired";

    /// <summary>The log source of timer inputs.</summary>
    public const string Source = "timer";

    /// <summary>The de-duplication key of this firing.</summary>
    public string EventId => string.Concat(Entity, "#", Name, "#", Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A pending timer of an entity: part of its durable state.</summary>
internal sealed record TimerSlot(string Name, long Seq, long DueTicks, object Message);
