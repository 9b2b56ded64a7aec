using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Dorms;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>Unauthorized exit and abnormal absence (day students at the arrival deadline, boarding students unseen).</summary>
public sealed class StudentAbsenceTests
{
    private static readonly StudentInfo Day = TestCampus.DayStudent;
    private static readonly StudentInfo Boarder = TestCampus.BoardingStudent;

    [Fact]
    public void Gate_exit_during_school_hours_without_leave_raises_unauthorized_exit()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));

        var effects = student.GateOut(StudentSpec.Monday(10, 0), "gate-s");

        var raise = StudentSpec.AssertRaisedOnly(effects, AlertKind.UnauthorizedExit, Severity.High, Day, "2026-11-23", "gate-s", "class:c7-1");
        Assert.Equal("Wang Fang left through gate-s during school hours", raise.Message);
        Assert.Equal(AlertKind.UnauthorizedExit, Assert.Single(student.State.OpenIncidents).Kind);
    }

    [Fact]
    public void Gate_exit_after_dismissal_raises_nothing()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));

        var effects = student.GateOut(StudentSpec.Monday(16, 30));

        Assert.Empty(effects.Tells);
    }

    [Fact]
    public void Gate_exit_on_a_holiday_raises_nothing()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));

        var effects = student.GateOut(TestCampus.Local(TestCampus.Holiday, 10, 0));

        Assert.Empty(effects.Tells);
    }

    [Fact]
    public void Gate_exit_covered_by_a_leave_raises_nothing()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.Send(new ApproveLeave(new LeaveApproval("L1", "S1002", StudentSpec.Monday(9, 30), StudentSpec.Monday(18, 0), "dentist", "Ms Zhao")), StudentSpec.Monday(9, 0));

        var effects = student.GateOut(StudentSpec.Monday(10, 0));

        Assert.Empty(effects.Tells);
    }

    [Fact]
    public void Day_student_not_arrived_by_deadline_raises_one_absence_alert()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));

        var effects = student.AdvanceTo(StudentSpec.Monday(12, 0));

        var raise = StudentSpec.AssertRaisedOnly(effects, AlertKind.AbnormalAbsence, Severity.Warning, Day, "2026-11-23", "c7-1", "class:c7-1");
        Assert.Equal("Wang Fang has not arrived by 07:50", raise.Message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void The_arrival_check_is_armed_again_for_the_next_school_day()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));

        student.AdvanceTo(StudentSpec.Monday(12, 0));

        var (due, message) = student.Timers[StudentBehavior.ArrivalTimer];
        Assert.Equal(TestCampus.Local(StudentSpec.Tuesday, 7, 50), due);
        Assert.Equal(new ArrivalDeadlineDue(StudentSpec.Tuesday), message);
    }

    [Fact]
    public void Day_student_arrived_before_deadline_raises_nothing()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 45));

        var effects = student.AdvanceTo(StudentSpec.Monday(12, 0));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Day_student_on_leave_at_the_deadline_raises_nothing()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.Send(new ApproveLeave(new LeaveApproval("L1", "S1002", StudentSpec.Monday(0, 0), StudentSpec.Monday(23, 0), "ill", "Ms Zhao")), StudentSpec.Monday(6, 30));

        var effects = student.AdvanceTo(StudentSpec.Monday(12, 0));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Arrival_after_deadline_clears_the_absence_alert()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.AdvanceTo(StudentSpec.Monday(8, 0));

        var effects = student.GateIn(StudentSpec.Monday(8, 10));

        StudentSpec.AssertClearedOnly(effects, StudentSpec.Alert(AlertKind.AbnormalAbsence, "S1002", "2026-11-23"), ResolutionOutcome.ConditionCleared, "arrived at 08:10");
        Assert.Empty(student.State.OpenIncidents);
    }

    [Fact]
    public void No_absence_alert_on_a_holiday()
    {
        var student = StudentSpec.Day(TestCampus.Local(TestCampus.Holiday.AddDays(-1), 12, 0));

        var effects = student.AdvanceTo(TestCampus.Local(TestCampus.Holiday, 23, 59));

        Assert.True(effects.IsEmpty);
        Assert.Equal(TestCampus.Local(TestCampus.MakeUpDay, 7, 50), student.Timers[StudentBehavior.ArrivalTimer].Due);
    }

    [Fact]
    public void Absence_check_runs_on_a_make_up_saturday()
    {
        var student = StudentSpec.Day(TestCampus.Local(TestCampus.Holiday, 12, 0));

        var effects = student.AdvanceTo(TestCampus.Local(TestCampus.MakeUpDay, 7, 50));

        StudentSpec.AssertRaisedOnly(effects, AlertKind.AbnormalAbsence, Severity.Warning, Day, "2026-11-28", "c7-1", "class:c7-1");
    }

    [Fact]
    public void Boarding_student_gets_no_arrival_timer()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));

        Assert.False(student.Timers.ContainsKey(StudentBehavior.ArrivalTimer));
        Assert.True(student.AdvanceTo(StudentSpec.Monday(12, 0)).IsEmpty);
    }

    [Fact]
    public void Boarding_student_unseen_on_campus_for_four_hours_raises_absence()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.Send(new StudentLeftDorm("dorm-a", null, StudentSpec.Monday(7, 0)), StudentSpec.Monday(7, 0));

        var effects = student.AdvanceTo(StudentSpec.Monday(11, 0));

        var raise = StudentSpec.AssertRaisedOnly(effects, AlertKind.AbnormalAbsence, Severity.Warning, Boarder,
            AlertEffects.SinceWindow(StudentSpec.Monday(7, 0)), "dorm-a", "class:c7-1");
        Assert.Equal("Li Wei not seen since 07:00", raise.Message);
    }

    [Fact]
    public void Boarding_student_seen_within_four_hours_raises_nothing()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.Send(new StudentLeftDorm("dorm-a", null, StudentSpec.Monday(7, 0)), StudentSpec.Monday(7, 0));
        student.AdvanceTo(StudentSpec.Monday(10, 0));
        student.Send(new StudentCheckedIntoClass("c7-1", 3, TestCampus.Monday, StudentSpec.Monday(10, 0)), StudentSpec.Monday(10, 0));

        var effects = student.AdvanceTo(StudentSpec.Monday(13, 59));

        Assert.True(effects.IsEmpty);
        Assert.Equal(StudentSpec.Monday(14, 0), student.Timers[StudentBehavior.UnseenTimer].Due);
    }

    [Fact]
    public void Boarding_student_in_their_dorm_is_not_reported_unseen()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.Send(new StudentEnteredDorm("dorm-a", false, null, StudentSpec.Monday(12, 0)), StudentSpec.Monday(12, 0));

        var effects = student.AdvanceTo(StudentSpec.Monday(16, 30));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Boarding_student_off_campus_is_not_reported_unseen()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.GateOut(StudentSpec.Monday(17, 0));

        var effects = student.AdvanceTo(StudentSpec.Monday(21, 1));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Next_sighting_clears_the_unseen_absence()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.Send(new StudentLeftDorm("dorm-a", null, StudentSpec.Monday(7, 0)), StudentSpec.Monday(7, 0));
        student.AdvanceTo(StudentSpec.Monday(11, 0));

        var effects = student.Send(new StudentCheckedIntoClass("c7-1", 4, TestCampus.Monday, StudentSpec.Monday(11, 5)), StudentSpec.Monday(11, 5));

        StudentSpec.AssertClearedOnly(effects, StudentSpec.Alert(AlertKind.AbnormalAbsence, "S1001", AlertEffects.SinceWindow(StudentSpec.Monday(7, 0))),
            ResolutionOutcome.ConditionCleared, "seen at 11:05 at c7-1");
    }
}
