using Campus.Actors.Devices;

namespace Campus.Actors.Dorms;

/// <summary>A dorm door reader saw a face or card (null: unknown) go in or out.</summary>
public sealed record DormDoorScanned(string DeviceId, string EventId, string? PersonId, Direction Direction, DateTimeOffset At);

/// <summary>Tells a student they entered their dorm; <paramref name="AfterCurfew"/> on the night <paramref name="Night"/>.</summary>
public sealed record StudentEnteredDorm(string DormId, bool AfterCurfew, DateOnly? Night, DateTimeOffset At);

/// <summary>Tells a student they left a dorm; <paramref name="Night"/> is set when it was between curfew and wake-up.</summary>
public sealed record StudentLeftDorm(string DormId, DateOnly? Night, DateTimeOffset At);

/// <summary>At curfew the dorm asks each expected student whether they are in; a student who is not (and not on leave) raises curfew-missing.</summary>
public sealed record CurfewCheck(string DormId, DateOnly Night, DateTimeOffset CurfewAt);

/// <summary>A timer message: the curfew of <paramref name="Night"/> is due.</summary>
public sealed record CurfewDue(DateOnly Night);
