using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Gates;
using Campus.Actors.Reference;
using Campus.Actors.Visitors;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

public sealed class GateBehaviorTests
{
    private static readonly DateOnly Monday = TestCampus.Monday;

    private static EntityTester<GateState> Gate()
    {
        var tester = new EntityTester<GateState>(new GateBehavior(), CampusIds.Gate(TestCampus.Id, "gate-n"));
        tester.Send(new GateConfigured(new GateInfo("gate-n", "North Gate"), TestCampus.Rules()), TestCampus.Local(Monday, 0, 0));
        return tester;
    }

    private static Effects Pass(EntityTester<GateState> gate, string? personId, DateTimeOffset at, Direction direction = Direction.In, int count = 1) =>
        gate.Send(new GatePassed("gate-n-reader", "e-" + at.ToUnixTimeSeconds(), personId, direction, count, at), at);

    [Fact]
    public void Unknown_face_at_a_gate_raises_one_intruder_alert_for_security()
    {
        var gate = Gate();
        var at = TestCampus.Local(Monday, 22, 15);

        var effects = Pass(gate, null, at);

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Empty(effects.Outputs);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "gate-n", "2026-11-23T22"), alert);
        Assert.Equal((AlertKind.Intruder, Severity.High, null, "gate-n"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("gate", "gate-n", "North Gate"), raise.Subject);
        Assert.Equal("Unknown face or card at North Gate", raise.Message);
    }

    [Fact]
    public void Tailgating_raises_an_intruder_alert_with_the_tailgate_subject_and_still_tells_the_student()
    {
        var gate = Gate();
        var at = TestCampus.Local(Monday, 7, 25);

        var effects = Pass(gate, "S1002", at, count: 3);

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "gate-n-tailgate", "2026-11-23T07"), alert);
        Assert.Equal(new AlertSubject("gate", "gate-n-tailgate", "North Gate"), raise.Subject);
        Assert.Equal((Severity.High, (string?)null, "gate-n"), (raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal("3 passages for one scan at North Gate", raise.Message);
        var (student, passed) = Assert.Single(effects.TellsOf<StudentPassedGate>());
        Assert.Equal(CampusIds.Student(TestCampus.Id, "S1002"), student);
        Assert.Equal(new StudentPassedGate("gate-n", Direction.In, at), passed);
        Assert.Equal(2, effects.Tells.Count);
    }

    [Fact]
    public void Known_student_at_a_gate_is_told_they_passed_and_nothing_else()
    {
        var gate = Gate();
        var at = TestCampus.Local(Monday, 16, 40);

        var effects = Pass(gate, "S1002", at, Direction.Out);

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(CampusIds.Student(TestCampus.Id, "S1002"), target);
        Assert.Equal(new StudentPassedGate("gate-n", Direction.Out, at), message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Stale_unknown_face_raises_no_alert()
    {
        var gate = Gate();
        Pass(gate, "S1002", TestCampus.Local(Monday, 12, 0));

        var effects = Pass(gate, null, TestCampus.Local(Monday, 9, 30));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Stale_passage_of_a_known_student_is_still_told_to_the_student()
    {
        var gate = Gate();
        Pass(gate, "S1001", TestCampus.Local(Monday, 12, 0));
        var old = TestCampus.Local(Monday, 7, 0);

        var effects = Pass(gate, "S1002", old, count: 2);

        var (_, message) = Assert.Single(effects.Tells);
        Assert.Equal(new StudentPassedGate("gate-n", Direction.In, old), message);
    }

    [Fact]
    public void Passages_are_counted_per_local_day_and_start_again_on_a_new_day()
    {
        var gate = Gate();
        Pass(gate, "S1002", TestCampus.Local(Monday, 7, 20));
        Pass(gate, "S1005", TestCampus.Local(Monday, 7, 21), count: 2);
        Pass(gate, "S1002", TestCampus.Local(Monday, 16, 40), Direction.Out);
        Assert.Equal((Monday, 3, 1), (gate.State.Date!.Value, gate.State.In, gate.State.Out));

        Pass(gate, "S1002", TestCampus.Local(Monday.AddDays(1), 7, 15));

        Assert.Equal((Monday.AddDays(1), 1, 0), (gate.State.Date!.Value, gate.State.In, gate.State.Out));
    }

    [Fact]
    public void A_passage_before_the_gate_is_configured_waits_and_counts_once_it_is()
    {
        var gate = new EntityTester<GateState>(new GateBehavior(), CampusIds.Gate(TestCampus.Id, "gate-n"));
        var at = TestCampus.Local(Monday, 7, 15);

        Assert.True(Pass(gate, "S1002", at).Deferred);
        Assert.Null(gate.State.Latest);

        var effects = gate.Send(new GateConfigured(new GateInfo("gate-n", "North Gate"), TestCampus.Rules(), ["S1002"]), at.AddSeconds(1));
        Assert.Equal([(CampusIds.Student(TestCampus.Id, "S1002"), new StudentPassedGate("gate-n", Direction.In, at))], effects.TellsOf<StudentPassedGate>());
        Assert.Equal(1, gate.State.In);
    }

    [Fact]
    public void A_card_not_on_the_campus_roster_is_an_intruder_at_the_gate_and_no_student_is_told()
    {
        var gate = new EntityTester<GateState>(new GateBehavior(), CampusIds.Gate(TestCampus.Id, "gate-n"));
        gate.Send(new GateConfigured(new GateInfo("gate-n", "North Gate"), TestCampus.Rules(), ["S1001", "S1002"]), TestCampus.Local(Monday, 0, 0));
        var at = TestCampus.Local(Monday, 23, 10);

        var effects = Pass(gate, "X999", at);

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "X999", "2026-11-23T23"), target);
        var raise = Assert.IsType<RaiseAlert>(message);
        Assert.Equal(new AlertSubject("person", "X999", "X999"), raise.Subject);
        Assert.Equal("gate-n", raise.LocationId);
        Assert.Equal("Card or face X999 is not on the roster", raise.Message);
    }

    private static void Admit(EntityTester<GateState> gate, int people, DateTimeOffset at, string code = "K7QM2XPA") =>
        gate.Send(new VisitorAdmitted(code, people), at);

    [Fact]
    public void Unknown_face_just_after_a_visitor_check_in_at_the_gate_raises_no_intruder_alert_but_is_counted()
    {
        var gate = Gate();
        Admit(gate, 1, TestCampus.Local(Monday, 9, 0));

        var effects = Pass(gate, null, TestCampus.Local(Monday, 9, 2));

        Assert.True(effects.IsEmpty);
        Assert.Equal(1, gate.State.In);
    }

    [Fact]
    public void Unknown_face_shortly_before_a_visitor_check_in_is_excused_too()
    {
        var gate = Gate();
        Admit(gate, 1, TestCampus.Local(Monday, 9, 0));

        Assert.True(Pass(gate, null, TestCampus.Local(Monday, 8, 56)).IsEmpty);
    }

    [Fact]
    public void Each_person_of_a_visiting_party_excuses_one_unknown_face()
    {
        var gate = Gate();
        Admit(gate, 3, TestCampus.Local(Monday, 9, 0));

        var excused = Enumerable.Range(1, 3).Select(i => Pass(gate, null, TestCampus.Local(Monday, 9, 0, i * 10))).ToList();
        var fourth = Pass(gate, null, TestCampus.Local(Monday, 9, 1));

        Assert.All(excused, e => Assert.True(e.IsEmpty));
        var (alert, _) = Assert.Single(fourth.TellsOf<RaiseAlert>());
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "gate-n", "2026-11-23T09"), alert);
        Assert.Equal(4, gate.State.In);
    }

    [Fact]
    public void Unknown_face_outside_the_window_of_a_visitor_check_in_is_an_intruder()
    {
        var gate = Gate();
        Admit(gate, 2, TestCampus.Local(Monday, 9, 0));

        var effects = Pass(gate, null, TestCampus.Local(Monday, 9, 5, 1));

        Assert.Equal("Unknown face or card at North Gate", Assert.Single(effects.TellsOf<RaiseAlert>()).Message.Message);
    }

    [Fact]
    public void Tailgating_is_never_excused_by_a_visitor_check_in()
    {
        var gate = Gate();
        Admit(gate, 3, TestCampus.Local(Monday, 9, 0));

        var effects = Pass(gate, null, TestCampus.Local(Monday, 9, 1), count: 2);

        Assert.Equal(
            [Incidents.For(TestCampus.Id, AlertKind.Intruder, "gate-n", "2026-11-23T09"), Incidents.For(TestCampus.Id, AlertKind.Intruder, "gate-n-tailgate", "2026-11-23T09")],
            effects.TellsOf<RaiseAlert>().Select(t => t.Target));
        Assert.Equal(3, Assert.Single(gate.State.Admissions).Remaining);
    }

    [Fact]
    public void A_visitor_check_in_before_the_gate_is_configured_waits_and_excuses_a_face_once_it_is()
    {
        var gate = new EntityTester<GateState>(new GateBehavior(), CampusIds.Gate(TestCampus.Id, "gate-n"));
        var at = TestCampus.Local(Monday, 9, 0);

        Assert.True(gate.Send(new VisitorAdmitted("K7QM2XPA", 1), at).Deferred);
        gate.Send(new GateConfigured(new GateInfo("gate-n", "North Gate"), TestCampus.Rules()), at.AddSeconds(1));

        Assert.True(Pass(gate, null, at.AddMinutes(1)).IsEmpty);
    }

    [Fact]
    public void Old_visitor_check_ins_are_forgotten()
    {
        var gate = Gate();
        Admit(gate, 2, TestCampus.Local(Monday, 9, 0));

        Pass(gate, "S1002", TestCampus.Local(Monday, 9, 30));

        Assert.Empty(gate.State.Admissions);
    }
}
