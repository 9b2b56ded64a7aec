using System.Collections.Immutable;
using System.Globalization;
using Campus.Actors.Reference;
using Campus.Actors.Entities;

namespace Campus.Actors.Classrooms;

/// <summary>
/// The state of a classroom: its reference data (null until configured) and the check-ins of
/// the current day's periods, keyed <c>yyyy-MM-dd-pN</c>, each the set of people who checked in.
/// </summary>
public sealed record ClassroomState
{
    /// <summary>The classroom; null until configured (it then ignores scans).</summary>
    public ClassroomInfo? Classroom { get; init; }

    /// <summary>The students of the class, in roster order.</summary>
    public ImmutableArray<string> Roster { get; init; } = [];

    public CampusRules? Rules { get; init; }

    /// <summary>Who checked in to each period, by <see cref="ClassroomBehavior.CheckInKey"/>.</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> CheckIns { get; init; } =
        ImmutableDictionary<string, ImmutableHashSet<string>>.Empty;

    /// <summary>Everyone on the campus roster (null when the configuration named nobody: every card is then passed on).</summary>
    public ImmutableHashSet<string>? People { get; init; }
}

/// <summary>
/// <c>classroom/{campus}/{classId}</c>: the class-board. A scan during a period of a school day
/// (from ten minutes before it starts until it ends) checks the person in and tells the student;
/// when a period's check-in grace is over it tells every roster student who did not check in
/// that they missed it.
/// </summary>
/// <remarks>
/// Decisions: an unknown face, or a card not on the campus roster, at a class-board is ignored (the board is no security
/// device; intruders are the gates', dorms' and cameras' concern); a scan outside every period
/// window (before school, lunch, after school, a day off) is ignored; when two periods' windows
/// overlap the later period wins (the student is arriving for the next class); a repeated scan
/// for the same period changes nothing and is not told again; a check-in after the grace is still
/// recorded and told (the student clears a missing-from-class alert); a visitor not on the roster
/// is recorded and told too; check-ins of days before the checked period's date are pruned.
/// </remarks>
public sealed class ClassroomBehavior : EntityBehavior<ClassroomState>
{
    /// <summary>The name of the period-check timer.</summary>
    public const string PeriodTimer = "period";

    /// <summary>How long before a period starts the class-board accepts check-ins for it.</summary>
    public static readonly TimeSpan CheckInOpensBefore = TimeSpan.FromMinutes(10);

    private static readonly ClassroomState Unconfigured = new();

    public override string Kind => "classroom";

    public override ClassroomState Initial(EntityId id) => Unconfigured;

    public override ClassroomState Handle(ClassroomState state, object message, EntityContext context) => message switch
    {
        ClassroomConfigured configured => Configure(state, configured, context),
        PeriodCheckDue due => CheckPeriod(state, due, context),
        ClassBoardScanned when state.Classroom is null => Defer(state, context),
        ClassBoardScanned scan => Scan(state, scan, context),
        _ => state,
    };

    /// <summary>A check-in before the classroom is configured waits until it is.</summary>
    private static ClassroomState Defer(ClassroomState state, EntityContext context)
    {
        context.Defer();
        return state;
    }

    /// <summary>The key of one period's check-ins: <c>2026-11-23-p3</c>.</summary>
    public static string CheckInKey(DateOnly date, int period) =>
        string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd}-p{period}");

    /// <summary>
    /// The next period check strictly after <paramref name="after"/>: the earliest period of a
    /// school day whose start plus the check-in grace is later (null when none within a year).
    /// </summary>
    public static (DateOnly Date, Period Period, DateTimeOffset Due)? NextPeriodCheck(CampusRules rules, DateTimeOffset after)
    {
        if (rules.Periods.IsDefaultOrEmpty) return null;
        var periods = rules.Periods.OrderBy(p => p.Start).ToImmutableArray();
        var date = rules.LocalDate(after).AddDays(-1);
        for (var i = 0; i < 368; i++, date = date.AddDays(1))
        {
            if (!rules.Calendar.IsSchoolDay(date)) continue;
            foreach (var period in periods)
            {
                var due = rules.At(date, period.Start) + rules.ClassCheckInGrace;
                if (due > after) return (date, period, due);
            }
        }
        return null;
    }

    private static ClassroomState Configure(ClassroomState state, ClassroomConfigured configured, EntityContext context)
    {
        ArmNextCheck(configured.Rules, context);
        return state with
        {
            Classroom = configured.Classroom,
            Roster = configured.Roster,
            Rules = configured.Rules,
            People = configured.People.IsDefaultOrEmpty ? null : [.. configured.People],
        };
    }

    private static ClassroomState CheckPeriod(ClassroomState state, PeriodCheckDue due, EntityContext context)
    {
        if (state.Classroom is not { } classroom || state.Rules is not { } rules) return state;
        var period = rules.Periods.FirstOrDefault(p => p.Number == due.Period);
        if (period is not null)
        {
            var checkedIn = state.CheckIns.GetValueOrDefault(CheckInKey(due.Date, due.Period), []);
            var start = rules.At(due.Date, period.Start);
            foreach (var studentId in state.Roster.Where(id => !checkedIn.Contains(id)))
            {
                context.Tell(CampusIds.Student(rules.CampusId, studentId), new ClassCheckInMissed(classroom.Id, due.Period, due.Date, start));
            }
        }
        ArmNextCheck(rules, context);
        var today = due.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var earlier = state.CheckIns.Keys.Where(key => string.CompareOrdinal(key[..10], today) < 0).ToList();
        return earlier.Count == 0 ? state : state with { CheckIns = state.CheckIns.RemoveRange(earlier) };
    }

    private static ClassroomState Scan(ClassroomState state, ClassBoardScanned scan, EntityContext context)
    {
        if (state.Classroom is not { } classroom || state.Rules is not { } rules) return state;
        if (scan.PersonId is not { } personId || (state.People is { } people && !people.Contains(personId))) return state;
        var date = rules.LocalDate(scan.At);
        if (!rules.Calendar.IsSchoolDay(date)) return state;
        var period = rules.Periods
            .Where(p => scan.At >= rules.At(date, p.Start) - CheckInOpensBefore && scan.At < rules.At(date, p.End))
            .MaxBy(p => p.Start);
        if (period is null) return state;

        var key = CheckInKey(date, period.Number);
        var checkedIn = state.CheckIns.GetValueOrDefault(key, []);
        if (checkedIn.Contains(personId)) return state;
        context.Tell(CampusIds.Student(rules.CampusId, personId), new StudentCheckedIntoClass(classroom.Id, period.Number, date, scan.At));
        return state with { CheckIns = state.CheckIns.SetItem(key, checkedIn.Add(personId)) };
    }

    private static void ArmNextCheck(CampusRules rules, EntityContext context)
    {
        if (NextPeriodCheck(rules, context.Now) is { } next)
        {
            context.SetTimer(PeriodTimer, next.Due, new PeriodCheckDue(next.Date, next.Period.Number));
        }
        else
        {
            context.CancelTimer(PeriodTimer);
        }
    }
}
