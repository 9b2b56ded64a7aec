using System.Collections.Immutable;
using System.Globalization;
using Campus.Actors.Alerts;
using Campus.Actors.Entities;
using Campus.Actors.Notices;
using Campus.Actors.Reference;

namespace Campus.Actors.Students;

/// <summary>
/// The pure decisions of the student rules: staleness, where a student was at an instant, leave,
/// school hours, the night a dorm check-in belongs to, who gets a notice. No effects here: the
/// <see cref="StudentBehavior"/> shell applies them.
/// </summary>
public static class StudentRules
{
    /// <summary>The most timeline entries kept for one day.</summary>
    public const int TimelineCap = 200;

    /// <summary>How many notified dorm check-in nights are remembered.</summary>
    public const int NightsKept = 7;

    /// <summary>How long an open incident is remembered for clearing.</summary>
    public static readonly TimeSpan IncidentMemory = TimeSpan.FromDays(3);

    /// <summary>The incident kinds an approved leave covering their time clears.</summary>
    public static readonly ImmutableHashSet<AlertKind> ClearedByLeave =
    [
        AlertKind.AbnormalAbsence,
        AlertKind.UnauthorizedExit,
        AlertKind.MissingFromClass,
        AlertKind.CurfewMissing,
        AlertKind.NightExit,
    ];

    /// <summary>
    /// A card or face the campus roster does not know passed a gate or a dorm door: intruder, one
    /// incident per person and local hour (the gate or dorm that saw it raises it).
    /// </summary>
    public static void RaiseNotOnRoster(CampusRules rules, string personId, string locationId, DateTimeOffset at, EntityContext context) =>
        context.RaiseAlert(rules, AlertKind.Intruder, Severity.High, new AlertSubject("person", personId, personId),
            rules.HourWindow(at), locationId, null, $"Card or face {personId} is not on the roster");

    /// <summary>True when <paramref name="at"/> is older than the stale window compared with the newest event seen: it raises no alert and sends no notice.</summary>
    public static bool IsStale(StudentState state, CampusRules rules, DateTimeOffset at) =>
        rules.IsStale(at, state.Latest);

    /// <summary>
    /// True when a class check-in on <paramref name="date"/> at <paramref name="checkedInAt"/> ends
    /// <paramref name="incident"/>: a missing-from-class of an earlier period of the same day (the
    /// incident's period started before the check-in). A check-in never clears a later period's.
    /// </summary>
    public static bool FoundInClassBy(OpenIncident incident, DateOnly date, DateTimeOffset checkedInAt) =>
        incident.Kind == AlertKind.MissingFromClass
        && incident.Window.StartsWith(AlertEffects.DayWindow(date) + "-p", StringComparison.Ordinal)
        && incident.At < checkedInAt;

    /// <summary>True when an approved leave of the student covers <paramref name="at"/>.</summary>
    public static bool OnLeave(StudentState state, DateTimeOffset at) => state.Leaves.Any(l => l.Covers(at));

    /// <summary>True during school hours: from school start to dismissal on a school day.</summary>
    public static bool InSchoolHours(CampusRules rules, DateTimeOffset at)
    {
        var time = rules.LocalTime(at);
        return rules.Calendar.IsSchoolDay(rules.LocalDate(at)) && time >= rules.SchoolStart && time < rules.Dismissal;
    }

    /// <summary>
    /// The night (evening date) a dorm entry counts for in the guardians' check-in notice: from
    /// dismissal to midnight that date, after midnight before wake-up the previous date; null in the day.
    /// </summary>
    public static DateOnly? CheckInNight(CampusRules rules, DateTimeOffset at, TimeOnly wakeUp)
    {
        var date = rules.LocalDate(at);
        var time = rules.LocalTime(at);
        if (time >= rules.Dismissal) return date;
        if (time < wakeUp) return date.AddDays(-1);
        return null;
    }

    /// <summary>The location a timeline entry leaves the student in, or null when it does not move them.</summary>
    public static string? LocationAfter(TimelineEntry entry) => entry.What switch
    {
        StudentLocations.GateIn => StudentLocations.OnCampus,
        StudentLocations.GateOut => StudentLocations.OffCampus,
        StudentLocations.DormIn => StudentLocations.InDorm(entry.Where),
        StudentLocations.DormOut => StudentLocations.OnCampus,
        StudentLocations.ClassCheckIn => StudentLocations.InClassroom(entry.Where),
        _ => null,
    };

    /// <summary>
    /// Where the student was at <paramref name="at"/>, judged from today's timeline (so late and
    /// out-of-order events count by their own time). Before the first event of a day a boarding
    /// student is where they were the evening before; a day student starts each day off campus.
    /// </summary>
    public static string WhereAt(StudentState state, CampusRules rules, DateTimeOffset at)
    {
        var date = rules.LocalDate(at);
        if (state.Today != date)
        {
            return state.Info?.Boarding == true ? state.Location : StudentLocations.OffCampus;
        }
        string? where = null;
        foreach (var entry in state.Timeline)
        {
            if (entry.At > at) break;
            where = LocationAfter(entry) ?? where;
        }
        return where ?? state.DayStartLocation;
    }

    /// <summary>True when the student was seen on campus (not leaving) on <paramref name="date"/>.</summary>
    public static bool SeenOnCampus(StudentState state, DateOnly date) =>
        state.Today == date && (state.FirstArrival is not null || state.Timeline.Any(e => LocationAfter(e) is { } l && l != StudentLocations.OffCampus));

    /// <summary>The guardians of the student who want notices of <paramref name="kind"/>.</summary>
    public static ImmutableArray<string> GuardiansFor(StudentInfo info, NoticeKind kind)
    {
        var wanted = kind switch
        {
            NoticeKind.Arrival => NoticePreferences.Arrival,
            NoticeKind.Departure => NoticePreferences.Departure,
            _ => NoticePreferences.DormCheckIn,
        };
        return [.. info.Guardians.Where(g => (g.Notices & wanted) != 0).Select(g => g.Id)];
    }

    /// <summary>True when a gate notice at <paramref name="at"/> falls within the debounce of the previous gate notice.</summary>
    public static bool GateNoticeDebounced(StudentState state, CampusRules rules, DateTimeOffset at) =>
        state.LastGateNoticeAt is { } last && (at - last).Duration() < rules.NoticeDebounce;

    /// <summary>The stable id of a notice: <c>{studentId}:{kind}:{utc ticks}</c>.</summary>
    public static string NoticeId(string studentId, NoticeKind kind, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{studentId}:{KindName(kind)}:{at.UtcTicks}");

    /// <summary>The kebab-case name of a notice kind.</summary>
    public static string KindName(NoticeKind kind) => kind switch
    {
        NoticeKind.Arrival => "arrival",
        NoticeKind.Departure => "departure",
        _ => "dorm-check-in",
    };

    /// <summary>A local time as <c>HH:mm</c> for alert messages and notes.</summary>
    public static string Clock(CampusRules rules, DateTimeOffset at) =>
        rules.LocalTime(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Starts a new day when <paramref name="date"/> is after <see cref="StudentState.Today"/>: the day fields and the timeline reset.</summary>
    public static StudentState BeginDay(StudentState state, DateOnly date)
    {
        if (state.Today is { } today && date <= today) return state;
        return state with
        {
            Today = date,
            DayStartLocation = state.Info?.Boarding == true ? state.Location : StudentLocations.OffCampus,
            FirstArrival = null,
            LastDeparture = null,
            Timeline = [],
        };
    }

    /// <summary>Adds an entry to today's timeline in time order (an entry of another day is not kept), dropping the oldest beyond the cap.</summary>
    public static StudentState Record(StudentState state, CampusRules rules, TimelineEntry entry)
    {
        if (state.Today != rules.LocalDate(entry.At)) return state;
        var index = state.Timeline.Length;
        while (index > 0 && state.Timeline[index - 1].At > entry.At) index--;
        var timeline = state.Timeline.Insert(index, entry);
        if (timeline.Length > TimelineCap) timeline = timeline.RemoveRange(0, timeline.Length - TimelineCap);
        return state with { Timeline = timeline };
    }
}
