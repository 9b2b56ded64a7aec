using System.Collections.Immutable;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Entities;
using Campus.Actors.Reference;
using Campus.Actors.Students;

namespace Campus.Actors.Dorms;

/// <summary>
/// The state of a dorm: its reference data (null until configured), who is inside, each
/// person's last door scan, the last curfew night checked and the newest event time seen.
/// </summary>
public sealed record DormState
{
    /// <summary>The dorm's times; null until the dorm is configured (it then ignores scans).</summary>
    public DormInfo? Dorm { get; init; }

    /// <summary>The boarding students expected at curfew, in roster order.</summary>
    public ImmutableArray<string> Roster { get; init; } = [];

    public CampusRules? Rules { get; init; }

    /// <summary>The people inside the dorm, as far as the door has seen.</summary>
    public ImmutableHashSet<string> Occupants { get; init; } = [];

    /// <summary>Each person's last door scan that changed (or confirmed) where they are.</summary>
    public ImmutableDictionary<string, DateTimeOffset> LastScans { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    /// <summary>The last night whose curfew check was sent.</summary>
    public DateOnly? CurfewNight { get; init; }

    /// <summary>The newest event time seen: a scan older than this by more than the stale limit raises no alert.</summary>
    public DateTimeOffset? Latest { get; init; }

    /// <summary>Everyone on the campus roster (null when the configuration named nobody: every card is then passed on).</summary>
    public ImmutableHashSet<string>? People { get; init; }
}

/// <summary>
/// <c>dorm/{campus}/{dormId}</c>: the dorm door. It tells each student when they enter or leave
/// (with the curfew night the scan belongs to, judged by the scan's own time), raises an intruder
/// alert for an unknown face or card, and at curfew asks every roster student whether they are in.
/// It emits nothing itself: the student entity owns presence and notices.
/// </summary>
/// <remarks>
/// Decisions: a scan before the dorm is configured is deferred until it is; a scan older
/// than the person's last scan does not change occupancy but is still told to the student (the
/// student judges it); configuring after tonight's curfew arms the next night's (a missed
/// curfew is not checked late).
/// </remarks>
public sealed class DormBehavior : EntityBehavior<DormState>
{
    /// <summary>The name of the curfew timer.</summary>
    public const string CurfewTimer = "curfew";

    private static readonly DormState Unconfigured = new();

    public override string Kind => "dorm";

    public override DormState Initial(EntityId id) => Unconfigured;

    public override DormState Handle(DormState state, object message, EntityContext context) => message switch
    {
        DormConfigured configured => Configure(state, configured, context),
        CurfewDue due => CheckCurfew(state, due, context),
        DormDoorScanned when state.Dorm is null => Defer(state, context),
        DormDoorScanned scan => Scan(state, scan, context),
        _ => state,
    };

    private static DormState Defer(DormState state, EntityContext context)
    {
        context.Defer();
        return state;
    }

    private static DormState Configure(DormState state, DormConfigured configured, EntityContext context)
    {
        ArmNextCurfew(configured.Rules, configured.Dorm, context);
        return state with
        {
            Dorm = configured.Dorm,
            Roster = configured.Roster,
            Rules = configured.Rules,
            People = configured.People.IsDefaultOrEmpty ? null : [.. configured.People],
        };
    }

    private static DormState CheckCurfew(DormState state, CurfewDue due, EntityContext context)
    {
        if (state.Dorm is not { } dorm || state.Rules is not { } rules) return state;
        foreach (var studentId in state.Roster)
        {
            context.Tell(CampusIds.Student(rules.CampusId, studentId), new CurfewCheck(dorm.Id, due.Night, context.Now));
        }
        ArmNextCurfew(rules, dorm, context);
        return state with { CurfewNight = due.Night };
    }

    private static DormState Scan(DormState state, DormDoorScanned scan, EntityContext context)
    {
        if (state.Dorm is not { } dorm || state.Rules is not { } rules) return state;
        var at = scan.At;
        var stale = rules.IsStale(at, state.Latest);
        var next = state with { Latest = state.Latest is { } seen && seen > at ? seen : at };

        if (scan.PersonId is not { } personId)
        {
            if (!stale)
            {
                context.RaiseAlert(rules, AlertKind.Intruder, Severity.High, new AlertSubject("dorm", dorm.Id, dorm.Name),
                    rules.HourWindow(at), dorm.Id, scope: null, $"Unknown face or card at {dorm.Name}");
            }
            return next;
        }

        if (state.People is { } people && !people.Contains(personId))
        {
            if (!stale) StudentRules.RaiseNotOnRoster(rules, personId, dorm.Id, at, context);
            return next;
        }

        var night = CurfewNights.NightOf(rules, dorm, at);
        var student = CampusIds.Student(rules.CampusId, personId);
        context.Tell(student, scan.Direction == Direction.In
            ? new StudentEnteredDorm(dorm.Id, AfterCurfew: night is not null, night, at)
            : new StudentLeftDorm(dorm.Id, night, at));

        var outOfOrder = state.LastScans.TryGetValue(personId, out var last) && at < last;
        if (outOfOrder) return next;
        return next with
        {
            Occupants = scan.Direction == Direction.In ? state.Occupants.Add(personId) : state.Occupants.Remove(personId),
            LastScans = state.LastScans.SetItem(personId, at),
        };
    }

    private static void ArmNextCurfew(CampusRules rules, DormInfo dorm, EntityContext context)
    {
        if (CurfewNights.NextCurfew(rules, dorm, context.Now) is { } next)
        {
            context.SetTimer(CurfewTimer, next.At, new CurfewDue(next.Night));
        }
        else
        {
            context.CancelTimer(CurfewTimer);
        }
    }
}
