using System.Collections.Immutable;
using Campus.Actors.Alerts;
using Campus.Actors.Reference;

namespace Campus.Actors.Students;

/// <summary>
/// What a student entity knows: their profile and the campus rules (null until configured), where
/// they are, what happened today, their leaves and the alerts they raised that may still be cleared.
/// </summary>
public sealed record StudentState
{
    /// <summary>The roster entry; null while the student is not configured (an unknown card or face).</summary>
    public StudentInfo? Info { get; init; }

    public CampusRules? Rules { get; init; }

    /// <summary>The student's own dorm (boarding students only).</summary>
    public DormInfo? Dorm { get; init; }

    /// <summary>Where the student is: <c>off-campus</c>, <c>on-campus</c>, <c>dorm:{id}</c> or <c>classroom:{id}</c>.</summary>
    public string Location { get; init; } = StudentLocations.OffCampus;

    /// <summary>The time of the newest sighting (gate, dorm door or class-board).</summary>
    public DateTimeOffset? LastSeenAt { get; init; }

    /// <summary>The gate, dorm or classroom of the newest sighting.</summary>
    public string? LastSeenWhere { get; init; }

    /// <summary>The campus-local date the day fields below belong to.</summary>
    public DateOnly? Today { get; init; }

    /// <summary>Where the student was when <see cref="Today"/> began (before its first event).</summary>
    public string DayStartLocation { get; init; } = StudentLocations.OffCampus;

    /// <summary>The first gate entry of <see cref="Today"/>.</summary>
    public DateTimeOffset? FirstArrival { get; init; }

    /// <summary>The latest gate exit of <see cref="Today"/>.</summary>
    public DateTimeOffset? LastDeparture { get; init; }

    /// <summary>What happened today, ordered by time (at most <see cref="StudentRules.TimelineCap"/> entries).</summary>
    public ImmutableArray<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>The student's approved leaves.</summary>
    public ImmutableArray<LeaveApproval> Leaves { get; init; } = [];

    /// <summary>Alerts this student raised that a later event or a leave may clear (pruned after three days).</summary>
    public ImmutableArray<OpenIncident> OpenIncidents { get; init; } = [];

    /// <summary>The event time of the last gate notice sent (arrival or departure), for the debounce.</summary>
    public DateTimeOffset? LastGateNoticeAt { get; init; }

    /// <summary>The nights (evening dates) a dorm check-in notice was sent for (the last few only).</summary>
    public ImmutableArray<DateOnly> DormCheckInNights { get; init; } = [];

    /// <summary>The newest event time seen: events much older than this are stale and raise nothing.</summary>
    public DateTimeOffset? Latest { get; init; }
}

/// <summary>One line of a student's day: at <paramref name="At"/>, <paramref name="What"/> (gate-in, dorm-out, late-return...) at <paramref name="Where"/>.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string What, string Where);

/// <summary>An alert the student raised: its alert entity key, rule, window and the instant the rule judged.</summary>
public sealed record OpenIncident(string AlertKey, AlertKind Kind, string Window, DateTimeOffset At);

/// <summary>The location values of a student and the timeline's event names.</summary>
public static class StudentLocations
{
    public const string OffCampus = "off-campus";

    public const string OnCampus = "on-campus";

    public const string GateIn = "gate-in";

    public const string GateOut = "gate-out";

    public const string DormIn = "dorm-in";

    public const string DormOut = "dorm-out";

    public const string ClassCheckIn = "class-check-in";

    public const string LateReturn = "late-return";

    /// <summary>The location of a student inside a dorm.</summary>
    public static string InDorm(string dormId) => "dorm:" + dormId;

    /// <summary>The location of a student checked into a classroom.</summary>
    public static string InClassroom(string classroomId) => "classroom:" + classroomId;
}
