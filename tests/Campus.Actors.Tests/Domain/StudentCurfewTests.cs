using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Dorms;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>Curfew-missing, late-return and night-exit.</summary>
public sealed class StudentCurfewTests
{
    private static readonly StudentInfo Boarder = TestCampus.BoardingStudent;
    private static readonly DateTimeOffset Curfew = StudentSpec.Monday(21, 30);

    private static CurfewCheck Check() => new("dorm-a", TestCampus.Monday, Curfew);

    /// <summary>A boarder who left the dorm in the morning, went to class and left campus after dismissal.</summary>
    private static EntityTester<StudentState> BoarderOutOfDorm()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.Send(new StudentLeftDorm("dorm-a", null, StudentSpec.Monday(7, 0)), StudentSpec.Monday(7, 0));
        student.Send(new StudentCheckedIntoClass("c7-1", 6, TestCampus.Monday, StudentSpec.Monday(14, 55)), StudentSpec.Monday(14, 55));
        student.GateOut(StudentSpec.Monday(17, 0));
        Assert.True(student.AdvanceTo(StudentSpec.Monday(21, 0)).IsEmpty);
        return student;
    }

    [Fact]
    public void Boarding_student_not_in_dorm_at_curfew_raises_one_curfew_alert_to_the_dorm()
    {
        var student = BoarderOutOfDorm();

        var effects = student.Send(Check(), Curfew);

        var raise = StudentSpec.AssertRaisedOnly(effects, AlertKind.CurfewMissing, Severity.High, Boarder, "2026-11-23", "dorm-a", "dorm:dorm-a");
        Assert.Equal("Li Wei not in Plum House at curfew", raise.Message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Repeated_curfew_check_targets_the_same_incident()
    {
        var student = BoarderOutOfDorm();
        var first = student.Send(Check(), Curfew);

        var second = student.Send(Check(), Curfew.AddMinutes(1));

        Assert.Equal(Assert.Single(first.Tells).Target, Assert.Single(second.Tells).Target);
        Assert.Single(student.State.OpenIncidents);
    }

    [Fact]
    public void Boarding_student_in_dorm_at_curfew_raises_nothing()
    {
        var student = BoarderOutOfDorm();
        student.Send(new StudentEnteredDorm("dorm-a", false, null, StudentSpec.Monday(21, 10)), StudentSpec.Monday(21, 10));

        var effects = student.Send(Check(), Curfew);

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Student_on_leave_at_curfew_raises_nothing()
    {
        var student = BoarderOutOfDorm();
        student.Send(new ApproveLeave(new LeaveApproval("L7", "S1001", StudentSpec.Monday(17, 0), TestCampus.Local(StudentSpec.Tuesday, 7, 0), "family visit", "Mr Sun")), StudentSpec.Monday(16, 0));

        var effects = student.Send(Check(), Curfew);

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Late_return_clears_the_curfew_alert_with_outcome_late_return()
    {
        var student = BoarderOutOfDorm();
        student.Send(Check(), Curfew);
        var at = StudentSpec.Monday(22, 5);

        var effects = student.Send(new StudentEnteredDorm("dorm-a", true, TestCampus.Monday, at), at);

        StudentSpec.AssertClearedOnly(effects, StudentSpec.Alert(AlertKind.CurfewMissing, "S1001", "2026-11-23"), ResolutionOutcome.LateReturn, "returned at 22:05");
        Assert.Contains(student.State.Timeline, e => e.What == "late-return" && e.At == at);
        Assert.Empty(student.State.OpenIncidents);
    }

    [Fact]
    public void Entering_after_curfew_without_an_open_curfew_alert_clears_nothing()
    {
        var student = BoarderOutOfDorm();
        var at = StudentSpec.Monday(22, 5);

        var effects = student.Send(new StudentEnteredDorm("dorm-a", true, TestCampus.Monday, at), at);

        Assert.Empty(effects.Tells);
        Assert.DoesNotContain(student.State.Timeline, e => e.What == "late-return");
    }

    [Fact]
    public void Leaving_the_dorm_at_night_raises_night_exit()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.Send(new StudentEnteredDorm("dorm-a", false, null, StudentSpec.Monday(21, 0)), StudentSpec.Monday(21, 0));
        var at = TestCampus.Local(StudentSpec.Tuesday, 1, 15);

        var effects = student.Send(new StudentLeftDorm("dorm-a", TestCampus.Monday, at), at);

        var raise = StudentSpec.AssertRaisedOnly(effects, AlertKind.NightExit, Severity.High, Boarder, "2026-11-23", "dorm-a", "dorm:dorm-a");
        Assert.Equal("Li Wei left Plum House at 01:15 at night", raise.Message);
    }

    [Fact]
    public void Leaving_the_dorm_in_the_morning_raises_nothing()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));

        var effects = student.Send(new StudentLeftDorm("dorm-a", null, StudentSpec.Monday(6, 30)), StudentSpec.Monday(6, 30));

        Assert.Empty(effects.Tells);
    }

    [Fact]
    public void Leaving_the_dorm_at_night_on_leave_raises_nothing()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.Send(new ApproveLeave(new LeaveApproval("L8", "S1001", StudentSpec.Monday(23, 0), TestCampus.Local(StudentSpec.Tuesday, 8, 0), "hospital", "Mr Sun")), StudentSpec.Monday(22, 50));
        var at = StudentSpec.Monday(23, 10);

        var effects = student.Send(new StudentLeftDorm("dorm-a", TestCampus.Monday, at), at);

        Assert.Empty(effects.Tells);
    }
}
