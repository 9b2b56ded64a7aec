using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Gates;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>Unknown cards or faces, and late (stale) events.</summary>
public sealed class StudentSecurityTests
{
    private static readonly CampusRules Fallback = new()
    {
        CampusId = TestCampus.Id,
        Calendar = new SchoolCalendar { TermStart = DateOnly.MinValue, TermEnd = DateOnly.MinValue },
    };

    private static void AssertIntruderOnly(Effects effects, string key, string location, string window)
    {
        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, key, window), target);
        var raise = Assert.IsType<RaiseAlert>(message);
        Assert.Equal(Severity.High, raise.Severity);
        Assert.Equal(new AlertSubject("person", key, key), raise.Subject);
        Assert.Equal(location, raise.LocationId);
        Assert.Null(raise.Scope);
        Assert.Equal($"Card or face {key} is not on the roster", raise.Message);
        Assert.Equal(Fallback.DefaultEscalation.ToArray(), raise.Escalation.ToArray());
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Unknown_card_at_gate_raises_intruder()
    {
        var stranger = StudentSpec.Unconfigured("X999");
        var at = StudentSpec.Monday(23, 10);

        var effects = stranger.Send(new StudentPassedGate("gate-n", Direction.In, at), at);

        AssertIntruderOnly(effects, "X999", "gate-n", "2026-11-23T23");
        Assert.Null(stranger.State.Info);
    }

    [Fact]
    public void Unknown_card_at_a_dorm_door_raises_intruder()
    {
        var stranger = StudentSpec.Unconfigured("X999");
        var at = StudentSpec.Monday(2, 5);

        var effects = stranger.Send(new StudentEnteredDorm("dorm-b", false, null, at), at);

        AssertIntruderOnly(effects, "X999", "dorm-b", "2026-11-23T02");
    }

    [Fact]
    public void Class_check_in_and_curfew_check_of_an_unconfigured_student_are_ignored()
    {
        var stranger = StudentSpec.Unconfigured("X999");

        var checkIn = stranger.Send(new StudentCheckedIntoClass("c7-1", 1, TestCampus.Monday, StudentSpec.Monday(8, 0)), StudentSpec.Monday(8, 0));
        var curfew = stranger.Send(new CurfewCheck("dorm-a", TestCampus.Monday, StudentSpec.Monday(21, 30)), StudentSpec.Monday(21, 30));

        Assert.True(checkIn.IsEmpty);
        Assert.True(curfew.IsEmpty);
        Assert.Null(stranger.State.Info);
    }

    [Fact]
    public void Known_student_at_the_gate_raises_no_intruder()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));

        var effects = student.GateIn(StudentSpec.Monday(23, 10));

        Assert.Empty(effects.Tells);
    }

    [Fact]
    public void Late_event_older_than_the_stale_window_raises_no_alert()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.Send(new StudentCheckedIntoClass("c7-1", 5, TestCampus.Monday, StudentSpec.Monday(14, 0)), StudentSpec.Monday(14, 0));

        var effects = student.Send(new StudentPassedGate("gate-n", Direction.Out, StudentSpec.Monday(10, 0)), StudentSpec.Monday(14, 5));

        Assert.True(effects.IsEmpty);
        Assert.Equal("classroom:c7-1", student.State.Location);
        Assert.Contains(student.State.Timeline, e => e.What == "gate-out" && e.At == StudentSpec.Monday(10, 0));
    }

    [Fact]
    public void Late_event_within_the_stale_window_is_judged_by_its_own_time()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.Send(new StudentCheckedIntoClass("c7-1", 4, TestCampus.Monday, StudentSpec.Monday(11, 0)), StudentSpec.Monday(11, 0));

        var effects = student.Send(new StudentPassedGate("gate-n", Direction.Out, StudentSpec.Monday(10, 0)), StudentSpec.Monday(11, 5));

        StudentSpec.AssertRaisedOnly(effects, AlertKind.UnauthorizedExit, Severity.High, TestCampus.DayStudent, "2026-11-23", "gate-n", "class:c7-1");
        Assert.Equal(NoticeKind.Departure, Assert.Single(effects.OutputsOf<GuardianNotice>()).Kind);
        Assert.Empty(effects.OutputsOf<PresenceChanged>());
        Assert.Equal("classroom:c7-1", student.State.Location);
    }

    [Fact]
    public void Stale_arrival_sends_no_notice()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.Send(new StudentCheckedIntoClass("c7-1", 5, TestCampus.Monday, StudentSpec.Monday(14, 0)), StudentSpec.Monday(14, 0));

        var effects = student.GateIn(StudentSpec.Monday(7, 40));

        Assert.Empty(effects.Outputs);
        Assert.Equal(StudentSpec.Monday(7, 40), student.State.FirstArrival);
    }
}
