using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Gates;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>Unknown cards or faces, and late (stale) events.</summary>
public sealed class StudentSecurityTests
{
    [Fact]
    public void A_sighting_before_the_student_is_configured_waits_and_is_handled_once_the_configuration_arrives()
    {
        var student = StudentSpec.Unconfigured("S1002");
        var at = StudentSpec.Monday(7, 31);

        var early = student.Send(new StudentPassedGate("gate-n", Direction.In, at), at);

        Assert.True(early.Deferred);
        Assert.Empty(early.Tells);
        var configured = CampusConfigBehavior.Parts(TestCampus.Manifest()).Single(p => p.Target == student.Id).Message;
        var effects = student.Send(configured, at.AddSeconds(5));
        Assert.Single(effects.OutputsOf<GuardianNotice>(), n => n.Kind == NoticeKind.Arrival && n.At == at);
        Assert.DoesNotContain(effects.TellsOf<RaiseAlert>(), r => r.Message.Kind == AlertKind.Intruder);
        Assert.Equal(StudentLocations.OnCampus, student.State.Location);
    }

    [Fact]
    public void Checks_of_an_unconfigured_student_wait_for_its_configuration_and_raise_no_intruder()
    {
        var stranger = StudentSpec.Unconfigured("X999");

        var checkIn = stranger.Send(new StudentCheckedIntoClass("c7-1", 1, TestCampus.Monday, StudentSpec.Monday(8, 0)), StudentSpec.Monday(8, 0));
        var curfew = stranger.Send(new CurfewCheck("dorm-a", TestCampus.Monday, StudentSpec.Monday(21, 30)), StudentSpec.Monday(21, 30));

        Assert.True(checkIn.Deferred);
        Assert.True(curfew.Deferred);
        Assert.Empty(checkIn.Tells);
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
