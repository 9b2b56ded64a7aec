using Campus.Actors.Alerts;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>Approved leave: it suppresses the rules in its window and clears alerts it covers.</summary>
public sealed class StudentLeaveTests
{
    private static ApproveLeave Leave(string id, DateTimeOffset from, DateTimeOffset to, string studentId = "S1002") =>
        new(new LeaveApproval(id, studentId, from, to, "dentist", "Ms Zhao"));

    private static EntityTester<StudentState> DayStudentWhoLeftAtTen()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.GateOut(StudentSpec.Monday(10, 0));
        return student;
    }

    [Fact]
    public void Leave_approved_later_clears_the_open_alert_with_leave_added()
    {
        var student = DayStudentWhoLeftAtTen();

        var effects = student.Send(Leave("L1", StudentSpec.Monday(9, 30), StudentSpec.Monday(18, 0)), StudentSpec.Monday(10, 20));

        StudentSpec.AssertClearedOnly(effects, StudentSpec.Alert(AlertKind.UnauthorizedExit, "S1002", "2026-11-23"),
            ResolutionOutcome.LeaveAdded, "leave L1 approved by Ms Zhao: dentist");
        Assert.Empty(student.State.OpenIncidents);
        Assert.Equal("L1", Assert.Single(student.State.Leaves).LeaveId);
    }

    [Fact]
    public void Leave_that_does_not_cover_the_alert_clears_nothing()
    {
        var student = DayStudentWhoLeftAtTen();

        var effects = student.Send(Leave("L1", StudentSpec.Monday(13, 0), StudentSpec.Monday(18, 0)), StudentSpec.Monday(10, 20));

        Assert.Empty(effects.Tells);
        Assert.Single(student.State.OpenIncidents);
    }

    [Fact]
    public void An_approved_leave_is_recorded_as_an_output_for_roll_calls()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        var leave = Leave("L1", StudentSpec.Monday(9, 30), StudentSpec.Monday(18, 0));

        var effects = student.Send(leave, StudentSpec.Monday(7, 0));

        var recorded = Assert.Single(effects.OutputsOf<LeaveRecorded>());
        Assert.Equal(new LeaveRecorded(TestCampus.Id, leave.Leave), recorded);
    }

    [Fact]
    public void Leave_for_another_student_is_ignored()
    {
        var student = DayStudentWhoLeftAtTen();

        var effects = student.Send(Leave("L1", StudentSpec.Monday(9, 30), StudentSpec.Monday(18, 0), "S1005"), StudentSpec.Monday(10, 20));

        Assert.True(effects.IsEmpty);
        Assert.Empty(student.State.Leaves);
    }

    [Fact]
    public void A_leave_with_the_same_id_replaces_the_earlier_one()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.Send(Leave("L1", StudentSpec.Monday(9, 30), StudentSpec.Monday(18, 0)), StudentSpec.Monday(7, 0));

        student.Send(Leave("L1", StudentSpec.Monday(13, 0), StudentSpec.Monday(18, 0)), StudentSpec.Monday(7, 5));

        Assert.Equal(StudentSpec.Monday(13, 0), Assert.Single(student.State.Leaves).From);
        student.GateIn(StudentSpec.Monday(7, 40));
        Assert.Single(student.GateOut(StudentSpec.Monday(10, 0)).TellsOf<RaiseAlert>());
    }

    [Fact]
    public void Open_incidents_older_than_three_days_are_forgotten()
    {
        var student = DayStudentWhoLeftAtTen();
        var thursday = TestCampus.Monday.AddDays(3);
        student.GateIn(TestCampus.Local(thursday, 7, 40));

        student.GateOut(TestCampus.Local(thursday, 10, 5));

        Assert.Equal("unauthorized-exit:S1002:2026-11-26", Assert.Single(student.State.OpenIncidents).AlertKey);
    }
}
