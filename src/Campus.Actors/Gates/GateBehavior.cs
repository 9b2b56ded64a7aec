using System.Collections.Immutable;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Entities;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.Actors.Visitors;

namespace Campus.Actors.Gates;

/// <summary>
/// The state of one gate: what it is (from <see cref="GateConfigured"/>), today's passage counters
/// and the newest passage time seen.
/// </summary>
/// <param name="Date">The local date the counters belong to.</param>
/// <param name="In">Passages in on <paramref name="Date"/>.</param>
/// <param name="Out">Passages out on <paramref name="Date"/>.</param>
/// <param name="Latest">The newest passage time seen: passages older than <see cref="CampusRules.StaleAfter"/> before it raise no alert.</param>
/// <param name="People">Everyone on the campus roster (null when the configuration named nobody: every card is then passed on).</param>
public sealed record GateState(
    string GateId,
    GateInfo? Gate = null,
    CampusRules? Rules = null,
    DateOnly? Date = null,
    int In = 0,
    int Out = 0,
    DateTimeOffset? Latest = null,
    ImmutableHashSet<string>? People = null)
{
    /// <summary>Recent visitor check-ins at this gate whose people may still pass as unknown faces (only those within <see cref="CampusRules.VisitorFaceFailWindow"/> of the newest time seen).</summary>
    public ImmutableArray<VisitorAdmission> Admissions { get; init; } = [];
}

/// <summary>A visit checked in at the gate at <paramref name="At"/>: <paramref name="Remaining"/> of its people have not yet passed as unknown faces.</summary>
public sealed record VisitorAdmission(string Code, DateTimeOffset At, int Remaining);

/// <summary>
/// A gate of the campus wall (<c>gate/{campus}/{gateId}</c>): an unknown face or card is an
/// intruder, several passages for one scan is tailgating, and a known student is told they passed.
/// A passage before the gate is configured is deferred until it is (a campus being set up never
/// loses a scan or raises a false alert).
/// </summary>
/// <remarks>
/// Visitors are not on the roster, so the reader sees their faces as unknown. When a visit checks
/// in at the gate (<see cref="VisitorAdmitted"/>, deferred like a passage until the gate is
/// configured), up to its number of people (the visitor and companions) unknown single passages
/// within <see cref="CampusRules.VisitorFaceFailWindow"/> either side of the check-in are that
/// party: each uses up one person and raises no intruder alert, but is still counted. Tailgating
/// (several passages for one scan) is never excused, and neither is a card not on the roster.
/// Admissions older than the window before the newest time the gate has seen are forgotten.
/// </remarks>
public sealed class GateBehavior : EntityBehavior<GateState>
{
    public override string Kind => "gate";

    public override GateState Initial(EntityId id) => new(id.Key);

    public override GateState Handle(GateState state, object message, EntityContext context) => message switch
    {
        GateConfigured configured => state with
        {
            Gate = configured.Gate,
            Rules = configured.Rules,
            People = configured.People.IsDefaultOrEmpty ? null : [.. configured.People],
        },
        GatePassed passed when state is { Gate: not null, Rules: not null } => Pass(state, state.Gate, state.Rules, passed, context),
        GatePassed => Defer(state, context),
        VisitorAdmitted admitted when state.Rules is not null => Admit(state, state.Rules, admitted, context.Now),
        VisitorAdmitted => Defer(state, context),
        _ => state,
    };

    private static GateState Defer(GateState state, EntityContext context)
    {
        context.Defer();
        return state;
    }

    /// <summary>Remembers a visit checked in at the gate, so its people's unknown faces raise no intruder alert.</summary>
    private static GateState Admit(GateState state, CampusRules rules, VisitorAdmitted admitted, DateTimeOffset at)
    {
        var admissions = state.Admissions;
        if (admitted.People > 0 && !admissions.Any(a => a.Code == admitted.Code))
        {
            admissions = admissions.Add(new VisitorAdmission(admitted.Code, at, admitted.People));
        }
        return state with { Admissions = Recent(admissions, rules, Max(state.Latest, at)) };
    }

    private static GateState Pass(GateState state, GateInfo gate, CampusRules rules, GatePassed passed, EntityContext context)
    {
        var stale = rules.IsStale(passed.At, state.Latest);
        if (!stale)
        {
            if (passed.PersonId is null && passed.Count <= 1 && Visitor(state, rules, passed.At) is { } admission)
            {
                // A registered visitor's face: the party has one person fewer left to come through.
                state = state with { Admissions = state.Admissions.Replace(admission, admission with { Remaining = admission.Remaining - 1 }) };
            }
            else
            {
                RaiseAlerts(gate, rules, passed, context);
            }
        }
        if (passed.PersonId is { } student)
        {
            if (state.People is { } people && !people.Contains(student))
            {
                if (!stale) StudentRules.RaiseNotOnRoster(rules, student, gate.Id, passed.At, context);
            }
            else
            {
                context.Tell(CampusIds.Student(rules.CampusId, student), new StudentPassedGate(gate.Id, passed.Direction, passed.At));
            }
        }
        var counted = Count(state, rules, passed);
        return counted.Admissions.IsEmpty ? counted : counted with { Admissions = Recent(counted.Admissions, rules, counted.Latest ?? passed.At) };
    }

    private static void RaiseAlerts(GateInfo gate, CampusRules rules, GatePassed passed, EntityContext context)
    {
        if (passed.PersonId is null)
        {
            context.RaiseAlert(rules, AlertKind.Intruder, Severity.High, new AlertSubject("gate", gate.Id, gate.Name), rules.HourWindow(passed.At),
                gate.Id, null, $"Unknown face or card at {gate.Name}");
        }
        if (passed.Count > 1)
        {
            // Its own subject id, so tailgating is not merged with an unknown-face incident in the same hour.
            context.RaiseAlert(rules, AlertKind.Intruder, Severity.High, new AlertSubject("gate", gate.Id + "-tailgate", gate.Name), rules.HourWindow(passed.At),
                gate.Id, null, $"{passed.Count} passages for one scan at {gate.Name}");
        }
    }

    /// <summary>The admission nearest in time to <paramref name="at"/> within the face-fail window that still has people to come through, or null.</summary>
    private static VisitorAdmission? Visitor(GateState state, CampusRules rules, DateTimeOffset at) => state.Admissions
        .Where(a => a.Remaining > 0 && (a.At - at).Duration() <= rules.VisitorFaceFailWindow)
        .OrderBy(a => (a.At - at).Duration())
        .ThenBy(a => a.At)
        .FirstOrDefault();

    /// <summary>The admissions that may still excuse a face: people left, and within the window of the newest time seen.</summary>
    private static ImmutableArray<VisitorAdmission> Recent(ImmutableArray<VisitorAdmission> admissions, CampusRules rules, DateTimeOffset newest)
    {
        var horizon = newest - rules.VisitorFaceFailWindow;
        return admissions.All(a => a.Remaining > 0 && a.At >= horizon) ? admissions : [.. admissions.Where(a => a.Remaining > 0 && a.At >= horizon)];
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    /// <summary>Adds the passages to the counters of their local date: a newer date starts new counters, an older one is not counted.</summary>
    private static GateState Count(GateState state, CampusRules rules, GatePassed passed)
    {
        var latest = state.Latest is { } seen && seen > passed.At ? seen : passed.At;
        var date = rules.LocalDate(passed.At);
        var current = state.Date is { } today && today >= date ? state : state with { Date = date, In = 0, Out = 0 };
        if (current.Date != date) return state with { Latest = latest };
        var passages = Math.Max(1, passed.Count);
        return passed.Direction == Direction.In
            ? current with { In = current.In + passages, Latest = latest }
            : current with { Out = current.Out + passages, Latest = latest };
    }
}
