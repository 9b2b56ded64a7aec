using System.Collections.Immutable;
using System.Globalization;
using Campus.Actors.Alerts;
using Campus.Actors.Entities;
using Campus.Actors.Reference;
using Campus.Actors.Vehicles;

namespace Campus.Actors.Visitors;

/// <summary>
/// The state of one visit: what was registered (null while the code is unknown), where the visit
/// is in its life, and the alerts it raised that its check-out clears.
/// </summary>
/// <param name="Code">The visit code (the entity's key).</param>
/// <param name="Details">What was registered; null for a code never registered.</param>
/// <param name="Rules">The campus rules given at registration.</param>
/// <param name="Version">The version of the last <see cref="VisitChanged"/> emitted.</param>
/// <param name="GateId">The gate the visitor checked in at, when known.</param>
/// <param name="DecidedBy">Who approved or declined a guardian's request.</param>
/// <param name="Note">Why a request was declined.</param>
public sealed record VisitState(
    string Code,
    VisitDetails? Details = null,
    CampusRules? Rules = null,
    VisitStatus Status = VisitStatus.Requested,
    int Version = 0,
    DateTimeOffset? CheckedInAt = null,
    DateTimeOffset? CheckedOutAt = null,
    string? GateId = null,
    string? DecidedBy = null,
    string? Note = null)
{
    /// <summary>The alert entities (text ids) of the overstay, after-hours and not-checked-out alerts raised while on campus: cleared at check-out.</summary>
    public ImmutableArray<string> Alerts { get; init; } = [];
}

/// <summary>
/// One visit, <c>visit/{campus}/{code}</c>, keyed by the code the visitor shows at the gate. Staff
/// register it (expected) or a guardian requests it (security approves or declines). On its day
/// the visitor checks in: the host is told, the gate learns a party is coming through (so the
/// visitors' unknown faces are no intruders), and timers watch for an overstay, for the campus
/// closing and for the day ending. Checking out stops the timers and clears their alerts.
/// </summary>
/// <remarks>
/// A code that is unknown, not approved, declined or shown on another day raises
/// visit-code-invalid at the gate (one incident per gate and hour); a code used again after its
/// check-in raises visit-code-reused (one incident per visit). A visitor with a document hash or
/// a plate is screened against the watch list at registration and at check-in; a visitor's plate
/// is told to the vehicle registry once the visit is approved and again when it ends. Visit
/// alerts are campus-wide: they reach security at once. No output carries the document hash.
/// </remarks>
public sealed class VisitBehavior : EntityBehavior<VisitState>
{
    /// <summary>The name of the overstay timer.</summary>
    public const string OverstayTimer = "overstay";

    /// <summary>The name of the closing timer.</summary>
    public const string ClosingTimer = "closing";

    /// <summary>The name of the day-end timer.</summary>
    public const string DayEndTimer = "day-end";

    /// <summary>The location of a visit's alerts when no gate is known (the visitors' desk).</summary>
    public const string Visitors = "visitors";

    /// <summary>
    /// The escalation of a visit-code-invalid alert about a code never registered (the visit then
    /// has no campus rules): security at once, the duty leader after 30 minutes.
    /// </summary>
    public static readonly ImmutableArray<EscalationStep> UnregisteredEscalation =
    [
        new(EscalationStep.Responsible, TimeSpan.Zero),
        new("duty-leader", TimeSpan.FromMinutes(30)),
    ];

    /// <summary>How often an alert about a code never registered reminds (the default of <see cref="CampusRules.ReminderInterval"/>).</summary>
    public static readonly TimeSpan UnregisteredReminder = TimeSpan.FromMinutes(5);

    private static readonly ImmutableArray<string> TimerNames = [OverstayTimer, ClosingTimer, DayEndTimer];

    public override string Kind => "visit";

    public override VisitState Initial(EntityId id) => new(id.Key);

    public override VisitState Handle(VisitState state, object message, EntityContext context) => message switch
    {
        RegisterVisit register when state.Details is null => Register(state, register, context),
        ApproveVisit approve when state is { Status: VisitStatus.Requested, Details: { } details, Rules: { } rules } =>
            Approve(state, details, rules, approve, context),
        DeclineVisit decline when state is { Status: VisitStatus.Requested, Details: { } details, Rules: { } rules } =>
            Changed(state with { Status = VisitStatus.Declined, DecidedBy = decline.By, Note = decline.Reason }, details, rules, context),
        CheckInVisitor checkIn => CheckIn(state, checkIn, context),
        CheckOutVisitor when state is { Status: VisitStatus.OnCampus, Details: { } details, Rules: { } rules } =>
            CheckOut(state, details, rules, context),
        VisitOverstayDue when state is { Status: VisitStatus.OnCampus, Details: { } details, Rules: { } rules } =>
            Raise(state, details, rules, AlertKind.VisitorOverstay, Severity.Warning, "overstay",
                $"{Who(details)} still on campus {Minutes(rules.VisitorOverstayAfter)} min after the expected departure {Clock(rules, details.ExpectedDeparture)}", context),
        VisitClosingDue when state is { Status: VisitStatus.OnCampus, Details: { } details, Rules: { } rules } =>
            Raise(state, details, rules, AlertKind.VisitorAfterHours, Severity.High, "after-hours",
                $"{Who(details)} still on campus after closing {rules.VisitorsLeaveBy.ToString("HH:mm", CultureInfo.InvariantCulture)}", context),
        VisitDayEndDue when state is { Status: VisitStatus.OnCampus, Details: { } details, Rules: { } rules, CheckedInAt: { } checkedIn } =>
            Raise(state, details, rules, AlertKind.VisitorNotCheckedOut, Severity.Warning, AlertEffects.DayWindow(rules.LocalDate(checkedIn)),
                $"{Who(details)} never checked out on {AlertEffects.DayWindow(rules.LocalDate(checkedIn))}", context),
        _ => state,
    };

    /// <summary>The first registration of a code: expected (approved) or requested; screened when there is something to screen.</summary>
    private static VisitState Register(VisitState state, RegisterVisit register, EntityContext context)
    {
        var details = register.Details;
        var rules = register.Rules;
        var next = Changed(
            state with { Details = details, Rules = rules, Status = register.Approved ? VisitStatus.Expected : VisitStatus.Requested },
            details, rules, context);
        Screen(state.Code, details, rules, ScreeningStage.Registration, null, context);
        if (register.Approved) ExpectVehicle(state.Code, details, rules, context);
        return next;
    }

    private static VisitState Approve(VisitState state, VisitDetails details, CampusRules rules, ApproveVisit approve, EntityContext context)
    {
        var next = Changed(state with { Status = VisitStatus.Expected, DecidedBy = approve.By }, details, rules, context);
        ExpectVehicle(state.Code, details, rules, context);
        return next;
    }

    /// <summary>A check-in: valid on the visit's days when expected; a code used again is reused; anything else is invalid.</summary>
    private static VisitState CheckIn(VisitState state, CheckInVisitor checkIn, EntityContext context)
    {
        if (state is { Details: { } details, Rules: { } rules })
        {
            if (state.Status is VisitStatus.OnCampus or VisitStatus.Left)
            {
                return Reused(state, details, rules, checkIn, context);
            }
            if (state.Status == VisitStatus.Expected && OnItsDays(details, rules, context.Now))
            {
                return Admit(state, details, rules, checkIn, context);
            }
        }
        return Invalid(state, checkIn, context);
    }

    private static bool OnItsDays(VisitDetails details, CampusRules rules, DateTimeOffset now)
    {
        var today = rules.LocalDate(now);
        return today >= rules.LocalDate(details.ExpectedArrival) && today <= rules.LocalDate(details.ExpectedDeparture);
    }

    private static VisitState Admit(VisitState state, VisitDetails details, CampusRules rules, CheckInVisitor checkIn, EntityContext context)
    {
        var now = context.Now;
        var campus = rules.CampusId;
        var next = Changed(state with { Status = VisitStatus.OnCampus, CheckedInAt = now, GateId = checkIn.GateId }, details, rules, context);
        context.Emit(new VisitorArrived(campus, state.Code, details.VisitorName, details.Companions, details.HostKind, details.HostId, details.HostName, checkIn.GateId, now));
        if (checkIn.GateId is { } gate)
        {
            context.Tell(CampusIds.Gate(campus, gate), new VisitorAdmitted(state.Code, details.Companions + 1));
        }
        Screen(state.Code, details, rules, ScreeningStage.CheckIn, checkIn.GateId, context);

        context.SetTimer(OverstayTimer, Latest(details.ExpectedDeparture + rules.VisitorOverstayAfter, now), new VisitOverstayDue());
        // A visit registered to end after closing is covered by the overstay rule alone.
        var leaveBy = rules.At(rules.LocalDate(now), rules.VisitorsLeaveBy);
        if (details.ExpectedDeparture <= leaveBy)
        {
            context.SetTimer(ClosingTimer, Latest(leaveBy, now), new VisitClosingDue());
        }
        if (rules.Next(now, TimeOnly.MinValue, _ => true) is { } midnight)
        {
            context.SetTimer(DayEndTimer, midnight, new VisitDayEndDue());
        }
        return next;
    }

    /// <summary>A code shown again after its check-in: one incident per visit.</summary>
    private static VisitState Reused(VisitState state, VisitDetails details, CampusRules rules, CheckInVisitor checkIn, EntityContext context)
    {
        var where = checkIn.GateId is { } gate ? $" at {gate}" : "";
        context.RaiseAlert(rules, AlertKind.VisitCodeReused, Severity.High, Subject(state.Code, details), state.Code,
            checkIn.GateId ?? Visitors, null, $"Visit code {state.Code} of {details.VisitorName} used again{where}");
        return state;
    }

    /// <summary>A code that does not admit anyone now: one incident per gate and hour.</summary>
    private static VisitState Invalid(VisitState state, CheckInVisitor checkIn, EntityContext context)
    {
        var place = checkIn.GateId ?? Visitors;
        var subject = new AlertSubject("gate", place + "-visit-code", place);
        var message = $"Visit code {state.Code} is not valid today ({Why(state)})";
        if (state.Rules is { } rules)
        {
            context.RaiseAlert(rules, AlertKind.VisitCodeInvalid, Severity.Warning, subject, rules.HourWindow(context.Now), place, null, message);
        }
        else
        {
            // A code never registered: no campus rules, so the window is the UTC hour and the chain a fixed one.
            var window = context.Now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);
            context.Tell(Incidents.For(context.Self.Campus, AlertKind.VisitCodeInvalid, subject.Id, window),
                new RaiseAlert(AlertKind.VisitCodeInvalid, Severity.Warning, subject, place, null, message, UnregisteredEscalation, UnregisteredReminder));
        }
        return state;
    }

    private static string Why(VisitState state) => state switch
    {
        { Details: null } or { Rules: null } => "unknown",
        { Status: VisitStatus.Requested } => "not approved yet",
        { Status: VisitStatus.Declined } => "declined",
        { Details: { } details, Rules: { } rules } => Expected(details, rules),
    };

    private static string Expected(VisitDetails details, CampusRules rules)
    {
        var from = rules.LocalDate(details.ExpectedArrival);
        var to = rules.LocalDate(details.ExpectedDeparture);
        return from == to
            ? $"expected on {AlertEffects.DayWindow(from)}"
            : $"expected from {AlertEffects.DayWindow(from)} to {AlertEffects.DayWindow(to)}";
    }

    /// <summary>The visitor left: the timers stop, their alerts clear, the vehicle should follow.</summary>
    private static VisitState CheckOut(VisitState state, VisitDetails details, CampusRules rules, EntityContext context)
    {
        var now = context.Now;
        foreach (var timer in TimerNames)
        {
            if (context.HasTimer(timer)) context.CancelTimer(timer);
        }
        var note = "checked out at " + Clock(rules, now);
        foreach (var alert in state.Alerts)
        {
            context.ClearAlert(EntityId.Parse(alert), ResolutionOutcome.ConditionCleared, note);
        }
        var next = Changed(state with { Status = VisitStatus.Left, CheckedOutAt = now, Alerts = [] }, details, rules, context);
        if (details.Plate is { } plate)
        {
            context.Tell(CampusIds.Vehicles(rules.CampusId), new VisitorVehicleVisitEnded(state.Code, plate));
        }
        return next;
    }

    /// <summary>Raises a campus-wide alert about the visitor on campus and remembers it for clearing at check-out.</summary>
    private static VisitState Raise(VisitState state, VisitDetails details, CampusRules rules, AlertKind kind, Severity severity, string window,
        string message, EntityContext context)
    {
        var alert = context.RaiseAlert(rules, kind, severity, Subject(state.Code, details), window, state.GateId ?? Visitors, null, message).ToString();
        return state.Alerts.Contains(alert) ? state : state with { Alerts = state.Alerts.Add(alert) };
    }

    /// <summary>Screens the visitor against the watch list when there is a document hash or a plate to screen.</summary>
    private static void Screen(string code, VisitDetails details, CampusRules rules, ScreeningStage stage, string? gateId, EntityContext context)
    {
        if (details.DocumentHash is null && details.Plate is null) return;
        context.Tell(CampusIds.WatchList(rules.CampusId), new ScreenVisitor(code, details.VisitorName, details.DocumentHash, details.Plate, stage, gateId));
    }

    /// <summary>Tells the vehicle registry a visitor's vehicle may come in (an approved visit with a plate).</summary>
    private static void ExpectVehicle(string code, VisitDetails details, CampusRules rules, EntityContext context)
    {
        if (details.Plate is not { } plate) return;
        context.Tell(CampusIds.Vehicles(rules.CampusId),
            new VisitorVehicleExpected(code, plate, details.VisitorName, details.ExpectedArrival, details.ExpectedDeparture));
    }

    /// <summary>Bumps the version and emits the visit's full view (never its document hash).</summary>
    private static VisitState Changed(VisitState state, VisitDetails details, CampusRules rules, EntityContext context)
    {
        var next = state with { Version = state.Version + 1 };
        context.Emit(new VisitChanged(
            rules.CampusId,
            next.Code,
            next.Version,
            next.Status,
            details.VisitorName,
            details.Phone,
            details.Purpose,
            details.HostKind,
            details.HostId,
            details.HostName,
            details.ExpectedArrival,
            details.ExpectedDeparture,
            details.Companions,
            details.Plate,
            details.DocumentLast4,
            details.WalkIn,
            details.RegisteredBy,
            details.StudentId,
            next.CheckedInAt,
            next.CheckedOutAt,
            next.GateId,
            next.DecidedBy,
            next.Note,
            context.Now));
        return next;
    }

    private static AlertSubject Subject(string code, VisitDetails details) => new("visitor", code, details.VisitorName);

    /// <summary>How alerts name a visitor: "Wang Wei (visiting Ms Li)".</summary>
    private static string Who(VisitDetails details) => $"{details.VisitorName} (visiting {details.HostName})";

    private static string Minutes(TimeSpan span) => ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture);

    private static string Clock(CampusRules rules, DateTimeOffset at) =>
        rules.LocalTime(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
