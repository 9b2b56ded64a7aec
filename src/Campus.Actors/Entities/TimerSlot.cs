namespace Campus.Actors.Entities;

/// <summary>
/// A pending timer of an entity, part of its durable state: at <see cref="Due"/> the entity
/// receives <see cref="Message"/>. <see cref="Seq"/> tells two settings of the same name apart, so a
/// timer replaced or cancelled before it fired never fires.
/// </summary>
/// <param name="Name">The timer's name within the entity.</param>
/// <param name="Seq">The entity's timer sequence number for this setting.</param>
/// <param name="Due">When it fires; the entity then sees this as its time.</param>
/// <param name="Message">What the entity receives.</param>
public sealed record TimerSlot(string Name, long Seq, DateTimeOffset Due, object Message);
