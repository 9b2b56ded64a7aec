using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Gates;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Entities;

namespace Campus.Actors.Students;

/// <summary>
/// A student, <c>student/{campus}/{studentId}</c>: follows where they are (gate, dorm door,
/// class-board), tells guardians about arrivals, departures and dorm check-ins, and applies the
/// student rules: unauthorized-exit, abnormal-absence (day and boarding), curfew-missing,
/// late-return, night-exit, missing-from-class and leave.
/// </summary>
/// <remarks>
/// A boarding student raises abnormal-absence only when unseen for <see cref="CampusRules.BoardingUnseenAfter"/>
/// while on campus outside their own dorm: off campus is covered by unauthorized-exit and
/// curfew-missing, and in their dorm they are accounted for. Events are judged by their own time;
/// one older than <see cref="CampusRules.StaleAfter"/> compared with the newest seen raises no alert
/// and sends no notice, and one older than the last sighting does not move the student back.
/// </remarks>
public sealed class StudentBehavior : EntityBehavior<StudentState>
{
    /// <summary>The timer of a day student's arrival deadline.</summary>
    public const string ArrivalTimer = "arrival";

    /// <summary>The timer of a boarding student's unseen check.</summary>
    public const string UnseenTimer = "unseen";

    public override string Kind => "student";

    public override StudentState Initial(EntityId id) => new();

    public override StudentState Handle(StudentState state, object message, EntityContext context)
    {
        if (message is StudentConfigured configured) return Configure(state, configured, context);
        if (state.Info is not { } info || state.Rules is not { } rules) return Unconfigured(state, message, context);
        return message switch
        {
            StudentPassedGate m => PassedGate(state, info, rules, m, context),
            StudentEnteredDorm m => EnteredDorm(state, info, rules, m, context),
            StudentLeftDorm m => LeftDorm(state, info, rules, m, context),
            StudentCheckedIntoClass m => CheckedIntoClass(state, info, rules, m, context),
            ArrivalDeadlineDue m => ArrivalDeadline(state, info, rules, m, context),
            UnseenDue m => Unseen(state, info, rules, m, context),
            CurfewCheck m => Curfew(state, info, rules, m, context),
            ClassCheckInMissed m => ClassMissed(state, info, rules, m, context),
            ApproveLeave m => Leave(state, info, m, context),
            _ => state,
        };
    }

    private static StudentState Configure(StudentState state, StudentConfigured m, EntityContext context)
    {
        var rules = m.Rules;
        if (m.Student.Boarding)
        {
            if (context.HasTimer(ArrivalTimer)) context.CancelTimer(ArrivalTimer);
        }
        else
        {
            ArmArrival(rules, context);
        }
        return state with { Info = m.Student, Rules = rules, Dorm = m.Dorm };
    }

    /// <summary>
    /// A message before the student is configured waits until the configuration arrives: the campus
    /// is being set up, and the gate or dorm that passed the scan on knew the card (a card not on
    /// the roster is the gate's or dorm's intruder alert, never the student's).
    /// </summary>
    private static StudentState Unconfigured(StudentState state, object message, EntityContext context)
    {
        if (message is StudentPassedGate or StudentEnteredDorm or StudentLeftDorm or StudentCheckedIntoClass or CurfewCheck or ClassCheckInMissed or ApproveLeave)
            context.Defer();
        return state;
    }

    private static StudentState PassedGate(StudentState state, StudentInfo info, CampusRules rules, StudentPassedGate m, EntityContext context)
    {
        var entering = m.Direction == Direction.In;
        var (next, stale) = Sighted(state, info, rules, m.At, entering ? StudentLocations.GateIn : StudentLocations.GateOut, m.GateId,
            entering ? StudentLocations.OnCampus : StudentLocations.OffCampus, context);
        var today = next.Today == rules.LocalDate(m.At);
        if (entering)
        {
            var first = today && next.FirstArrival is null;
            if (today && (next.FirstArrival is null || m.At < next.FirstArrival)) next = next with { FirstArrival = m.At };
            if (first && !stale) next = Notify(next, info, rules, NoticeKind.Arrival, m.At, m.GateId, context);
            return next;
        }

        if (today && (next.LastDeparture is null || m.At > next.LastDeparture)) next = next with { LastDeparture = m.At };
        if (stale) return next;
        next = Notify(next, info, rules, NoticeKind.Departure, m.At, m.GateId, context);
        if (StudentRules.InSchoolHours(rules, m.At) && !StudentRules.OnLeave(next, m.At))
        {
            next = Raise(next, info, rules, context, AlertKind.UnauthorizedExit, Severity.High, AlertEffects.DayWindow(rules.LocalDate(m.At)),
                m.GateId, AlertEffects.ClassScope(info.ClassId), $"{info.Name} left through {m.GateId} during school hours", m.At);
        }
        return next;
    }

    private static StudentState EnteredDorm(StudentState state, StudentInfo info, CampusRules rules, StudentEnteredDorm m, EntityContext context)
    {
        var (next, stale) = Sighted(state, info, rules, m.At, StudentLocations.DormIn, m.DormId, StudentLocations.InDorm(m.DormId), context);
        if (m.AfterCurfew && m.Night is { } night && m.DormId == state.Dorm?.Id)
        {
            var window = AlertEffects.DayWindow(night);
            var before = next.OpenIncidents.Length;
            next = Clear(next, rules, context, i => i.Kind == AlertKind.CurfewMissing && i.Window == window,
                ResolutionOutcome.LateReturn, $"returned at {StudentRules.Clock(rules, m.At)}");
            if (next.OpenIncidents.Length < before)
            {
                next = StudentRules.Record(next, rules, new TimelineEntry(m.At, StudentLocations.LateReturn, m.DormId));
            }
        }
        if (stale) return next;
        if (StudentRules.CheckInNight(rules, m.At, state.Dorm?.WakeUp ?? new TimeOnly(6, 0)) is { } checkInNight
            && !next.DormCheckInNights.Contains(checkInNight))
        {
            var nights = next.DormCheckInNights.Add(checkInNight);
            if (nights.Length > StudentRules.NightsKept) nights = nights.RemoveAt(0);
            next = Notify(next with { DormCheckInNights = nights }, info, rules, NoticeKind.DormCheckIn, m.At, m.DormId, context);
        }
        return next;
    }

    private static StudentState LeftDorm(StudentState state, StudentInfo info, CampusRules rules, StudentLeftDorm m, EntityContext context)
    {
        var (next, stale) = Sighted(state, info, rules, m.At, StudentLocations.DormOut, m.DormId, StudentLocations.OnCampus, context);
        if (m.Night is not { } night || stale || StudentRules.OnLeave(next, m.At)) return next;
        var dormName = m.DormId == state.Dorm?.Id ? state.Dorm.Name : m.DormId;
        return Raise(next, info, rules, context, AlertKind.NightExit, Severity.High, AlertEffects.DayWindow(night),
            m.DormId, AlertEffects.DormScope(m.DormId), $"{info.Name} left {dormName} at {StudentRules.Clock(rules, m.At)} at night", m.At);
    }

    /// <summary>
    /// A class-board check-in: the student is in class. It clears the missing-from-class alert of
    /// that period (a late check-in: condition-cleared) and those of the day's earlier periods (the
    /// student is found in class: found), so a student missed at 08:10 who is in class at 08:55 does
    /// not keep an open, escalating alert all day.
    /// </summary>
    private static StudentState CheckedIntoClass(StudentState state, StudentInfo info, CampusRules rules, StudentCheckedIntoClass m, EntityContext context)
    {
        var (next, _) = Sighted(state, info, rules, m.At, StudentLocations.ClassCheckIn, m.ClassroomId, StudentLocations.InClassroom(m.ClassroomId), context);
        var window = AlertEffects.PeriodWindow(m.Date, m.Period);
        var clock = StudentRules.Clock(rules, m.At);
        next = Clear(next, rules, context, i => i.Kind == AlertKind.MissingFromClass && i.Window == window,
            ResolutionOutcome.ConditionCleared, $"checked in at {clock}");
        return Clear(next, rules, context, i => StudentRules.FoundInClassBy(i, m.Date, m.At),
            ResolutionOutcome.Found, $"in class: checked in to period {m.Period} in {m.ClassroomId} at {clock}");
    }

    private static StudentState ArrivalDeadline(StudentState state, StudentInfo info, CampusRules rules, ArrivalDeadlineDue m, EntityContext context)
    {
        if (info.Boarding) return state;
        ArmArrival(rules, context);
        var now = context.Now;
        if (!rules.Calendar.IsSchoolDay(m.Date) || StudentRules.SeenOnCampus(state, m.Date)
            || StudentRules.OnLeave(state, now) || StudentRules.IsStale(state, rules, now))
        {
            return state;
        }
        return Raise(state, info, rules, context, AlertKind.AbnormalAbsence, Severity.Warning, AlertEffects.DayWindow(m.Date),
            info.ClassId, AlertEffects.ClassScope(info.ClassId), $"{info.Name} has not arrived by {StudentRules.Clock(rules, now)}", now);
    }

    private static StudentState Unseen(StudentState state, StudentInfo info, CampusRules rules, UnseenDue m, EntityContext context)
    {
        var now = context.Now;
        if (!info.Boarding || state.LastSeenAt != m.LastSeen
            || state.Location == StudentLocations.OffCampus
            || (state.Dorm is { } dorm && state.Location == StudentLocations.InDorm(dorm.Id))
            || !rules.Calendar.InTerm(rules.LocalDate(now)) || StudentRules.OnLeave(state, now))
        {
            return state;
        }
        return Raise(state, info, rules, context, AlertKind.AbnormalAbsence, Severity.Warning, AlertEffects.SinceWindow(m.LastSeen),
            state.LastSeenWhere ?? info.ClassId, AlertEffects.ClassScope(info.ClassId),
            $"{info.Name} not seen since {StudentRules.Clock(rules, m.LastSeen)}", now);
    }

    private static StudentState Curfew(StudentState state, StudentInfo info, CampusRules rules, CurfewCheck m, EntityContext context)
    {
        if (!info.Boarding || state.Dorm is not { } dorm
            || StudentRules.WhereAt(state, rules, m.CurfewAt) == StudentLocations.InDorm(dorm.Id)
            || StudentRules.OnLeave(state, m.CurfewAt) || StudentRules.IsStale(state, rules, m.CurfewAt))
        {
            return state;
        }
        return Raise(state, info, rules, context, AlertKind.CurfewMissing, Severity.High, AlertEffects.DayWindow(m.Night),
            m.DormId, AlertEffects.DormScope(m.DormId), $"{info.Name} not in {dorm.Name} at curfew", m.CurfewAt);
    }

    private static StudentState ClassMissed(StudentState state, StudentInfo info, CampusRules rules, ClassCheckInMissed m, EntityContext context)
    {
        if (StudentRules.WhereAt(state, rules, m.PeriodStart) == StudentLocations.OffCampus
            || StudentRules.OnLeave(state, m.PeriodStart) || StudentRules.IsStale(state, rules, m.PeriodStart))
        {
            return state;
        }
        return Raise(state, info, rules, context, AlertKind.MissingFromClass, Severity.Warning, AlertEffects.PeriodWindow(m.Date, m.Period),
            m.ClassroomId, AlertEffects.ClassScope(m.ClassroomId), $"{info.Name} did not check in to period {m.Period} in {m.ClassroomId}", m.PeriodStart);
    }

    private static StudentState Leave(StudentState state, StudentInfo info, ApproveLeave m, EntityContext context)
    {
        var leave = m.Leave;
        if (leave.StudentId != info.Id || state.Rules is not { } rules) return state;
        var next = state with { Leaves = [.. state.Leaves.Where(l => l.LeaveId != leave.LeaveId), leave] };
        context.Emit(new LeaveRecorded(context.Self.Campus, leave));
        return Clear(next, rules, context, i => StudentRules.ClearedByLeave.Contains(i.Kind) && leave.Covers(i.At),
            ResolutionOutcome.LeaveAdded, $"leave {leave.LeaveId} approved by {leave.ApprovedBy}: {leave.Reason}");
    }

    /// <summary>
    /// What every sighting does: starts a new day, records the timeline, moves the student (unless
    /// the event is older than the last sighting), clears an abnormal-absence the sighting ends and
    /// re-arms a boarding student's unseen timer. Returns whether the event is stale.
    /// </summary>
    private static (StudentState State, bool Stale) Sighted(StudentState state, StudentInfo info, CampusRules rules, DateTimeOffset at,
        string what, string where, string location, EntityContext context)
    {
        var stale = StudentRules.IsStale(state, rules, at);
        var date = rules.LocalDate(at);
        var next = StudentRules.BeginDay(state, date);
        next = StudentRules.Record(next, rules, new TimelineEntry(at, what, where));
        var newest = state.LastSeenAt is not { } lastSeen || at >= lastSeen;
        if (newest)
        {
            if (next.Location != location)
            {
                context.Emit(new PresenceChanged(rules.CampusId, info.Id, next.Location, location, at));
            }
            next = next with { Location = location, LastSeenAt = at, LastSeenWhere = where };
        }
        if (state.Latest is not { } latest || at > latest) next = next with { Latest = at };

        var note = $"seen at {StudentRules.Clock(rules, at)} at {where}";
        if (info.Boarding && newest)
        {
            next = Clear(next, rules, context, i => i.Kind == AlertKind.AbnormalAbsence, ResolutionOutcome.ConditionCleared, note);
            if (rules.Calendar.InTerm(date)) context.SetTimer(UnseenTimer, at + rules.BoardingUnseenAfter, new UnseenDue(at));
        }
        else if (!info.Boarding && location != StudentLocations.OffCampus)
        {
            var window = AlertEffects.DayWindow(date);
            next = Clear(next, rules, context, i => i.Kind == AlertKind.AbnormalAbsence && i.Window == window,
                ResolutionOutcome.ConditionCleared, $"arrived at {StudentRules.Clock(rules, at)}");
        }
        return (next, stale);
    }

    /// <summary>Sends a guardian notice to the guardians who want it; gate notices within the debounce of the previous one are not sent.</summary>
    private static StudentState Notify(StudentState state, StudentInfo info, CampusRules rules, NoticeKind kind, DateTimeOffset at, string locationId, EntityContext context)
    {
        var guardians = StudentRules.GuardiansFor(info, kind);
        if (guardians.IsEmpty) return state;
        var gate = kind != NoticeKind.DormCheckIn;
        if (gate && StudentRules.GateNoticeDebounced(state, rules, at)) return state;
        context.Emit(new GuardianNotice(StudentRules.NoticeId(info.Id, kind, at), rules.CampusId, info.Id, info.Name, kind, at, locationId, guardians));
        return gate ? state with { LastGateNoticeAt = at } : state;
    }

    /// <summary>Raises an incident about the student and remembers it for clearing (once); forgets incidents older than three days.</summary>
    private static StudentState Raise(StudentState state, StudentInfo info, CampusRules rules, EntityContext context,
        AlertKind kind, Severity severity, string window, string locationId, string scope, string message, DateTimeOffset at)
    {
        var alert = context.RaiseAlert(rules, kind, severity, new AlertSubject("student", info.Id, info.Name), window, locationId, scope, message);
        if (state.OpenIncidents.Any(i => i.AlertKey == alert.Key)) return state;
        var horizon = at - StudentRules.IncidentMemory;
        return state with { OpenIncidents = [.. state.OpenIncidents.Where(i => i.At >= horizon), new OpenIncident(alert.Key, kind, window, at)] };
    }

    /// <summary>Clears every open incident that matches and forgets it.</summary>
    private static StudentState Clear(StudentState state, CampusRules rules, EntityContext context, Func<OpenIncident, bool> match,
        ResolutionOutcome outcome, string note)
    {
        if (!state.OpenIncidents.Any(match)) return state;
        foreach (var incident in state.OpenIncidents.Where(match))
        {
            context.ClearAlert(new EntityId("alert", rules.CampusId, incident.AlertKey), outcome, note);
        }
        return state with { OpenIncidents = [.. state.OpenIncidents.Where(i => !match(i))] };
    }

    private static void ArmArrival(CampusRules rules, EntityContext context)
    {
        if (rules.Next(context.Now, rules.ArrivalDeadline, rules.Calendar.IsSchoolDay) is { } due)
        {
            context.SetTimer(ArrivalTimer, due, new ArrivalDeadlineDue(rules.LocalDate(due)));
        }
        else if (context.HasTimer(ArrivalTimer))
        {
            context.CancelTimer(ArrivalTimer);
        }
    }
}
