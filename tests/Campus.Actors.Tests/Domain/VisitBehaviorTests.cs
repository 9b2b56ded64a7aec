using System.Text;
using Campus.Actors.Alerts;
using Campus.Actors.Entities;
using Campus.Actors.Reference;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>The visit entity: registration, approval, check-in and check-out, and the alerts of a visitor who stays.</summary>
public sealed class VisitBehaviorTests
{
    private const string Code = "K7QM2XPA";
    private const string Hash = "9f2c4e1ab37d";
    private const string Plate = "京A12345";

    private static readonly DateOnly Monday = TestCampus.Monday;
    private static readonly DateTimeOffset RegisteredAt = TestCampus.Local(Monday, 7, 0);
    private static readonly DateTimeOffset CheckInAt = TestCampus.Local(Monday, 9, 5);

    private static readonly EntityId WatchList = CampusIds.WatchList(TestCampus.Id);
    private static readonly EntityId Vehicles = CampusIds.Vehicles(TestCampus.Id);

    private static VisitDetails Details(string? plate = null, string? hash = null, int companions = 0, int fromHour = 9, int toHour = 11, int toMinute = 0) =>
        new("Wang Wei", "+86 139 0000 0001", "Meeting", VisitHostKind.Staff, "li", "Ms Li",
            TestCampus.Local(Monday, fromHour, 0), TestCampus.Local(Monday, toHour, toMinute), companions, plate,
            hash is null ? null : "123X", hash, false, "li");

    private static EntityTester<VisitState> Visit() => new(new VisitBehavior(), CampusIds.Visit(TestCampus.Id, Code));

    private static EntityTester<VisitState> Registered(VisitDetails? details = null, bool approved = true)
    {
        var visit = Visit();
        visit.Send(new RegisterVisit(details ?? Details(), TestCampus.Rules(), approved), RegisteredAt);
        return visit;
    }

    private static EntityTester<VisitState> OnCampus(VisitDetails? details = null)
    {
        var visit = Registered(details);
        visit.Send(new CheckInVisitor("gate-n", "guard-1"), CheckInAt);
        return visit;
    }

    private static (EntityId Target, RaiseAlert Raise) SingleRaise(Effects effects) => Assert.Single(effects.TellsOf<RaiseAlert>());

    [Fact]
    public void Approved_registration_emits_an_expected_visit_without_the_document_hash()
    {
        var visit = Visit();

        var effects = visit.Send(new RegisterVisit(Details(Plate, Hash), TestCampus.Rules(), true), RegisteredAt);

        var changed = Assert.Single(effects.OutputsOf<VisitChanged>());
        Assert.Single(effects.Outputs);
        Assert.Equal((TestCampus.Id, Code, 1, VisitStatus.Expected, RegisteredAt), (changed.CampusId, changed.Code, changed.Version, changed.Status, changed.At));
        Assert.Equal(("Wang Wei", "Ms Li", Plate, "123X"), (changed.VisitorName, changed.HostName, changed.Plate, changed.DocumentLast4));
        Assert.Null(changed.CheckedInAt);
        var (name, payload) = CampusCodec.Create().Encode(changed);
        Assert.Equal("out.visit", name);
        Assert.DoesNotContain(Hash, Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }

    [Fact]
    public void Approved_registration_with_a_document_and_plate_screens_the_visitor_and_expects_the_vehicle()
    {
        var visit = Visit();

        var effects = visit.Send(new RegisterVisit(Details(Plate, Hash), TestCampus.Rules(), true), RegisteredAt);

        Assert.Equal([(WatchList, new ScreenVisitor(Code, "Wang Wei", Hash, Plate, ScreeningStage.Registration, null))], effects.TellsOf<ScreenVisitor>());
        Assert.Equal([(Vehicles, new VisitorVehicleExpected(Code, Plate, "Wang Wei", TestCampus.Local(Monday, 9, 0), TestCampus.Local(Monday, 11, 0)))],
            effects.TellsOf<VisitorVehicleExpected>());
        Assert.Equal(2, effects.Tells.Count);
    }

    [Fact]
    public void Requested_visit_is_screened_but_its_vehicle_is_not_expected_yet()
    {
        var visit = Visit();

        var effects = visit.Send(new RegisterVisit(Details(Plate), TestCampus.Rules(), false), RegisteredAt);

        Assert.Equal(VisitStatus.Requested, Assert.Single(effects.OutputsOf<VisitChanged>()).Status);
        var (target, screen) = Assert.Single(effects.TellsOf<ScreenVisitor>());
        Assert.Equal(WatchList, target);
        Assert.Equal((null, Plate), (screen.DocumentHash, screen.Plate));
        Assert.Single(effects.Tells);
    }

    [Fact]
    public void Registration_without_document_or_plate_tells_nobody()
    {
        var effects = Visit().Send(new RegisterVisit(Details(), TestCampus.Rules(), true), RegisteredAt);

        Assert.Empty(effects.Tells);
        Assert.Single(effects.OutputsOf<VisitChanged>());
    }

    [Fact]
    public void A_second_registration_of_the_same_code_changes_nothing()
    {
        var visit = Registered();
        var before = visit.State;

        var effects = visit.Send(new RegisterVisit(Details(Plate, Hash) with { VisitorName = "Someone Else" }, TestCampus.Rules(), true), RegisteredAt.AddMinutes(5));

        Assert.True(effects.IsEmpty);
        Assert.Equal(before, visit.State);
    }

    [Fact]
    public void Approving_a_request_makes_it_expected_and_expects_the_vehicle_once()
    {
        var visit = Registered(Details(Plate), approved: false);
        var at = RegisteredAt.AddMinutes(20);

        var effects = visit.Send(new ApproveVisit("guard-1"), at);
        var again = visit.Send(new ApproveVisit("guard-2"), at.AddMinutes(1));

        var changed = Assert.Single(effects.OutputsOf<VisitChanged>());
        Assert.Equal((2, VisitStatus.Expected, "guard-1", at), (changed.Version, changed.Status, changed.DecidedBy, changed.At));
        var (target, expected) = Assert.Single(effects.TellsOf<VisitorVehicleExpected>());
        Assert.Equal((Vehicles, Plate), (target, expected.Plate));
        Assert.Single(effects.Tells);
        Assert.True(again.IsEmpty);
    }

    [Fact]
    public void Declining_a_request_records_the_reason_and_tells_no_vehicle_registry()
    {
        var visit = Registered(Details(Plate), approved: false);
        var at = RegisteredAt.AddMinutes(20);

        var effects = visit.Send(new DeclineVisit("guard-1", "No appointment"), at);

        var changed = Assert.Single(effects.OutputsOf<VisitChanged>());
        Assert.Equal((2, VisitStatus.Declined, "guard-1", "No appointment"), (changed.Version, changed.Status, changed.DecidedBy, changed.Note));
        Assert.Empty(effects.Tells);
        Assert.True(visit.Send(new ApproveVisit("guard-2"), at.AddMinutes(1)).IsEmpty);
    }

    [Fact]
    public void An_expected_visit_cannot_be_declined()
    {
        var visit = Registered();

        Assert.True(visit.Send(new DeclineVisit("guard-1", "Changed my mind"), RegisteredAt.AddMinutes(5)).IsEmpty);
        Assert.Equal(VisitStatus.Expected, visit.State.Status);
    }

    [Fact]
    public void Check_in_on_the_day_puts_the_visitor_on_campus_and_tells_the_host()
    {
        var visit = Registered(Details(companions: 2));

        var effects = visit.Send(new CheckInVisitor("gate-n", "guard-1"), CheckInAt);

        var changed = Assert.Single(effects.OutputsOf<VisitChanged>());
        Assert.Equal((2, VisitStatus.OnCampus, (DateTimeOffset?)CheckInAt, "gate-n", CheckInAt),
            (changed.Version, changed.Status, changed.CheckedInAt, changed.GateId, changed.At));
        Assert.Equal(new VisitorArrived(TestCampus.Id, Code, "Wang Wei", 2, VisitHostKind.Staff, "li", "Ms Li", "gate-n", CheckInAt),
            Assert.Single(effects.OutputsOf<VisitorArrived>()));
        Assert.Equal(2, effects.Outputs.Count);
    }

    [Fact]
    public void Check_in_at_a_gate_tells_the_gate_the_whole_party_is_coming_through()
    {
        var visit = Registered(Details(companions: 2));

        var effects = visit.Send(new CheckInVisitor("gate-n", "guard-1"), CheckInAt);

        Assert.Equal([(CampusIds.Gate(TestCampus.Id, "gate-n"), (object)new VisitorAdmitted(Code, 3))], effects.Tells);
    }

    [Fact]
    public void Check_in_at_the_desk_tells_no_gate()
    {
        var visit = Registered();

        var effects = visit.Send(new CheckInVisitor(null, "guard-1"), CheckInAt);

        Assert.Empty(effects.Tells);
        Assert.Equal(VisitStatus.OnCampus, visit.State.Status);
    }

    [Fact]
    public void Check_in_screens_a_visitor_with_a_document_against_the_watch_list_again()
    {
        var visit = Registered(Details(hash: Hash));

        var effects = visit.Send(new CheckInVisitor("gate-n", "guard-1"), CheckInAt);

        Assert.Equal([(WatchList, new ScreenVisitor(Code, "Wang Wei", Hash, null, ScreeningStage.CheckIn, "gate-n"))], effects.TellsOf<ScreenVisitor>());
    }

    [Fact]
    public void Check_in_sets_the_overstay_closing_and_day_end_timers()
    {
        var visit = OnCampus();

        Assert.Equal(
            [
                ("closing", TestCampus.Local(Monday, 18, 0)),
                ("day-end", TestCampus.Local(Monday.AddDays(1), 0, 0)),
                ("overstay", TestCampus.Local(Monday, 11, 30)),
            ],
            visit.Timers.Select(t => (t.Key, t.Value.Due)));
    }

    [Fact]
    public void A_visit_registered_to_end_after_closing_has_no_closing_timer()
    {
        var visit = OnCampus(Details(fromHour: 14, toHour: 19));

        Assert.False(visit.Timers.ContainsKey("closing"));
        Assert.Equal(TestCampus.Local(Monday, 19, 30), visit.Timers["overstay"].Due);
        Assert.True(visit.AdvanceTo(TestCampus.Local(Monday, 19, 0)).IsEmpty);
    }

    [Fact]
    public void A_late_check_in_makes_an_overstay_already_past_due_at_once()
    {
        var visit = Registered();
        var late = TestCampus.Local(Monday, 12, 0);

        visit.Send(new CheckInVisitor("gate-n", "guard-1"), late);

        Assert.Equal(late, visit.Timers["overstay"].Due);
    }

    [Fact]
    public void Check_in_on_another_day_raises_visit_code_invalid_at_the_gate()
    {
        var visit = Registered();
        var tuesday = TestCampus.Local(Monday.AddDays(1), 9, 5);

        var effects = visit.Send(new CheckInVisitor("gate-n", "guard-1"), tuesday);

        var (target, raise) = SingleRaise(effects);
        Assert.Single(effects.Tells);
        Assert.Empty(effects.Outputs);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.VisitCodeInvalid, "gate-n-visit-code", "2026-11-24T09"), target);
        Assert.Equal((AlertKind.VisitCodeInvalid, Severity.Warning, (string?)null, "gate-n"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("gate", "gate-n-visit-code", "gate-n"), raise.Subject);
        Assert.Equal("Visit code K7QM2XPA is not valid today (expected on 2026-11-23)", raise.Message);
        Assert.Equal("security", AlertEffects.RoleFor(raise.Escalation[0].Role, raise.Scope));
        Assert.Equal(VisitStatus.Expected, visit.State.Status);
        Assert.Empty(visit.Timers);
    }

    [Fact]
    public void Check_in_with_an_unknown_code_raises_visit_code_invalid_with_the_fixed_chain()
    {
        var visit = Visit();

        var effects = visit.Send(new CheckInVisitor(null, "device:kiosk-n"), CheckInAt);

        var (target, raise) = SingleRaise(effects);
        Assert.Single(effects.Tells);
        Assert.Empty(effects.Outputs);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.VisitCodeInvalid, "visitors-visit-code", "2026-11-23T01"), target);
        Assert.Equal(new AlertSubject("gate", "visitors-visit-code", "visitors"), raise.Subject);
        Assert.Equal("visitors", raise.LocationId);
        Assert.Equal("Visit code K7QM2XPA is not valid today (unknown)", raise.Message);
        Assert.Equal(VisitBehavior.UnregisteredEscalation, raise.Escalation);
        Assert.Equal("security", AlertEffects.RoleFor(raise.Escalation[0].Role, raise.Scope));
        Assert.Null(visit.State.Details);
        Assert.Empty(visit.Timers);
    }

    [Theory]
    [InlineData(false, "not approved yet")]
    [InlineData(true, "declined")]
    public void Check_in_of_a_request_not_approved_raises_visit_code_invalid(bool declined, string why)
    {
        var visit = Registered(approved: false);
        if (declined) visit.Send(new DeclineVisit("guard-1", "No appointment"), RegisteredAt.AddMinutes(5));
        var status = visit.State.Status;

        var effects = visit.Send(new CheckInVisitor("gate-n", "device:kiosk-n"), CheckInAt);

        var (target, raise) = SingleRaise(effects);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.VisitCodeInvalid, "gate-n-visit-code", "2026-11-23T09"), target);
        Assert.Equal($"Visit code K7QM2XPA is not valid today ({why})", raise.Message);
        Assert.Single(effects.Tells);
        Assert.Empty(effects.Outputs);
        Assert.Equal(status, visit.State.Status);
    }

    [Fact]
    public void A_code_used_again_raises_one_visit_code_reused_incident_per_visit()
    {
        var visit = OnCampus();
        var before = visit.State;

        var again = visit.Send(new CheckInVisitor("gate-s", "device:kiosk-s"), CheckInAt.AddMinutes(10));
        visit.Send(new CheckOutVisitor("gate-n", "guard-1"), TestCampus.Local(Monday, 10, 30));
        var afterLeaving = visit.Send(new CheckInVisitor("gate-n", "device:kiosk-n"), TestCampus.Local(Monday, 13, 0));

        var (target, raise) = SingleRaise(again);
        Assert.Single(again.Tells);
        Assert.Empty(again.Outputs);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.VisitCodeReused, Code, Code), target);
        Assert.Equal((AlertKind.VisitCodeReused, Severity.High, (string?)null, "gate-s"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("visitor", Code, "Wang Wei"), raise.Subject);
        Assert.Equal("Visit code K7QM2XPA of Wang Wei used again at gate-s", raise.Message);
        Assert.Equal("security", AlertEffects.RoleFor(raise.Escalation[0].Role, raise.Scope));
        Assert.Equal(before.Version + 1, visit.State.Version);
        Assert.Equal(target, SingleRaise(afterLeaving).Target);
        Assert.Equal(VisitStatus.Left, visit.State.Status);
    }

    [Fact]
    public void Visitor_still_on_campus_after_the_departure_raises_overstay_and_check_out_clears_it()
    {
        var visit = OnCampus();

        var due = visit.AdvanceTo(TestCampus.Local(Monday, 11, 30));
        var (target, raise) = SingleRaise(due);
        Assert.Single(due.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.VisitorOverstay, Code, "overstay"), target);
        Assert.Equal((AlertKind.VisitorOverstay, Severity.Warning, (string?)null, "gate-n"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("visitor", Code, "Wang Wei"), raise.Subject);
        Assert.Equal("Wang Wei (visiting Ms Li) still on campus 30 min after the expected departure 11:00", raise.Message);
        Assert.Equal("security", AlertEffects.RoleFor(raise.Escalation[0].Role, raise.Scope));

        var left = visit.Send(new CheckOutVisitor("gate-n", "guard-1"), TestCampus.Local(Monday, 11, 45));

        Assert.Equal([(target, new ClearAlert(ResolutionOutcome.ConditionCleared, "checked out at 11:45"))], left.TellsOf<ClearAlert>());
        Assert.Single(left.Tells);
    }

    [Fact]
    public void Visitor_still_on_campus_at_closing_raises_after_hours_and_check_out_clears_it()
    {
        var visit = OnCampus(Details(fromHour: 14, toHour: 17, toMinute: 50));

        var due = visit.AdvanceTo(TestCampus.Local(Monday, 18, 0));
        var (target, raise) = SingleRaise(due);
        Assert.Single(due.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.VisitorAfterHours, Code, "after-hours"), target);
        Assert.Equal((AlertKind.VisitorAfterHours, Severity.High, (string?)null), (raise.Kind, raise.Severity, raise.Scope));
        Assert.Equal("Wang Wei (visiting Ms Li) still on campus after closing 18:00", raise.Message);

        var left = visit.Send(new CheckOutVisitor("gate-n", "guard-1"), TestCampus.Local(Monday, 18, 5));

        Assert.Equal([(target, new ClearAlert(ResolutionOutcome.ConditionCleared, "checked out at 18:05"))], left.TellsOf<ClearAlert>());
    }

    [Fact]
    public void Visitor_never_checked_out_raises_not_checked_out_at_midnight_and_check_out_clears_every_alert()
    {
        var visit = OnCampus();

        var due = visit.AdvanceTo(TestCampus.Local(Monday.AddDays(1), 0, 0));
        var raises = due.TellsOf<RaiseAlert>();
        Assert.Equal([AlertKind.VisitorOverstay, AlertKind.VisitorAfterHours, AlertKind.VisitorNotCheckedOut], raises.Select(r => r.Message.Kind));
        var (target, raise) = raises[2];
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.VisitorNotCheckedOut, Code, "2026-11-23"), target);
        Assert.Equal((Severity.Warning, (string?)null, "gate-n"), (raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal("Wang Wei (visiting Ms Li) never checked out on 2026-11-23", raise.Message);
        Assert.Empty(visit.Timers);

        var left = visit.Send(new CheckOutVisitor(null, "guard-1"), TestCampus.Local(Monday.AddDays(1), 7, 10));

        Assert.Equal(raises.Select(r => r.Target), left.TellsOf<ClearAlert>().Select(c => c.Target));
        Assert.All(left.TellsOf<ClearAlert>(), c => Assert.Equal(new ClearAlert(ResolutionOutcome.ConditionCleared, "checked out at 07:10"), c.Message));
        Assert.Empty(visit.State.Alerts);
    }

    [Fact]
    public void Check_out_before_the_departure_stops_every_timer_and_raises_nothing_later()
    {
        var visit = OnCampus();
        var at = TestCampus.Local(Monday, 10, 40);

        var effects = visit.Send(new CheckOutVisitor("gate-n", "guard-1"), at);

        var changed = Assert.Single(effects.OutputsOf<VisitChanged>());
        Assert.Equal((VisitStatus.Left, (DateTimeOffset?)at, 3), (changed.Status, changed.CheckedOutAt, changed.Version));
        Assert.Empty(effects.Tells);
        Assert.Empty(visit.Timers);
        Assert.True(visit.AdvanceTo(TestCampus.Local(Monday.AddDays(2), 0, 0)).IsEmpty);
    }

    [Fact]
    public void A_timer_that_fires_after_check_out_raises_nothing()
    {
        var visit = OnCampus();
        visit.Send(new CheckOutVisitor("gate-n", "guard-1"), TestCampus.Local(Monday, 10, 40));

        Assert.True(visit.Send(new VisitOverstayDue(), TestCampus.Local(Monday, 11, 30)).IsEmpty);
        Assert.True(visit.Send(new VisitDayEndDue(), TestCampus.Local(Monday.AddDays(1), 0, 0)).IsEmpty);
    }

    [Fact]
    public void Check_out_of_a_visitor_with_a_vehicle_tells_the_vehicle_registry_the_visit_ended()
    {
        var visit = OnCampus(Details(Plate));

        var effects = visit.Send(new CheckOutVisitor("gate-n", "guard-1"), TestCampus.Local(Monday, 10, 40));

        Assert.Equal([(Vehicles, new VisitorVehicleVisitEnded(Code, Plate))], effects.TellsOf<VisitorVehicleVisitEnded>());
    }

    [Fact]
    public void Check_out_of_a_visitor_not_on_campus_does_nothing()
    {
        var visit = Registered(Details(Plate));

        Assert.True(visit.Send(new CheckOutVisitor("gate-n", "guard-1"), CheckInAt).IsEmpty);
        Assert.True(Visit().Send(new CheckOutVisitor("gate-n", "guard-1"), CheckInAt).IsEmpty);
        Assert.Equal(VisitStatus.Expected, visit.State.Status);
    }
}
