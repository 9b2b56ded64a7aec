namespace Campus.Actors.Classrooms;

/// <summary>A class-board saw a face or card (null: unknown).</summary>
public sealed record ClassBoardScanned(string DeviceId, string EventId, string? PersonId, DateTimeOffset At);

/// <summary>Tells a student they checked in to a class period.</summary>
public sealed record StudentCheckedIntoClass(string ClassroomId, int Period, DateOnly Date, DateTimeOffset At);

/// <summary>Tells a student they did not check in to a period; a student on campus and not on leave raises missing-from-class.</summary>
public sealed record ClassCheckInMissed(string ClassroomId, int Period, DateOnly Date, DateTimeOffset PeriodStart);

/// <summary>A timer message: the check-in grace of a period is over.</summary>
public sealed record PeriodCheckDue(DateOnly Date, int Period);
