using Campus.Actors.Devices;

namespace Campus.Actors.Gates;

/// <summary>A gate reader saw a face or card (null: unknown) pass; <paramref name="Count"/> passages were counted for that scan.</summary>
public sealed record GatePassed(string DeviceId, string EventId, string? PersonId, Direction Direction, int Count, DateTimeOffset At);

/// <summary>Tells a student they passed a gate.</summary>
public sealed record StudentPassedGate(string GateId, Direction Direction, DateTimeOffset At);
