using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Dorms;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>Missing-from-class.</summary>
public sealed class StudentClassTests
{
    private static readonly StudentInfo Day = TestCampus.DayStudent;
    private static readonly DateTimeOffset PeriodStart = StudentSpec.Monday(8, 0);

    private static ClassCheckInMissed Missed() => new("c7-1", 1, TestCampus.Monday, PeriodStart);

    [Fact]
    public void Student_on_campus_without_a_check_in_is_missing_from_class()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));

        var effects = student.Send(Missed(), StudentSpec.Monday(8, 10));

        var raise = StudentSpec.AssertRaisedOnly(effects, AlertKind.MissingFromClass, Severity.Warning, Day, "2026-11-23-p1", "c7-1", "class:c7-1");
        Assert.Equal("Wang Fang did not check in to period 1 in c7-1", raise.Message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Late_check_in_clears_the_missing_from_class_alert()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.Send(Missed(), StudentSpec.Monday(8, 10));
        var at = StudentSpec.Monday(8, 20);

        var effects = student.Send(new StudentCheckedIntoClass("c7-1", 1, TestCampus.Monday, at), at);

        StudentSpec.AssertClearedOnly(effects, StudentSpec.Alert(AlertKind.MissingFromClass, "S1002", "2026-11-23-p1"), ResolutionOutcome.ConditionCleared, "checked in at 08:20");
    }

    [Fact]
    public void Issue12_a_check_in_at_a_later_period_resolves_the_missing_from_class_alerts_of_the_earlier_ones_as_found()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.Send(Missed(), StudentSpec.Monday(8, 10));
        student.Send(new ClassCheckInMissed("c7-1", 2, TestCampus.Monday, StudentSpec.Monday(8, 55)), StudentSpec.Monday(9, 5));
        var at = StudentSpec.Monday(10, 2);

        var effects = student.Send(new StudentCheckedIntoClass("c7-2", 3, TestCampus.Monday, at), at);

        Assert.Equal(
            [
                (StudentSpec.Alert(AlertKind.MissingFromClass, "S1002", "2026-11-23-p1"), new ClearAlert(ResolutionOutcome.Found, "in class: checked in to period 3 in c7-2 at 10:02")),
                (StudentSpec.Alert(AlertKind.MissingFromClass, "S1002", "2026-11-23-p2"), new ClearAlert(ResolutionOutcome.Found, "in class: checked in to period 3 in c7-2 at 10:02")),
            ],
            effects.TellsOf<ClearAlert>().Select(t => (t.Target, t.Message)));
        Assert.Equal(2, effects.Tells.Count);
        Assert.Empty(student.State.OpenIncidents);
    }

    [Fact]
    public void Issue12_a_check_in_never_clears_a_later_periods_or_another_days_missing_from_class_alert()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.Send(new ClassCheckInMissed("c7-1", 2, TestCampus.Monday, StudentSpec.Monday(8, 55)), StudentSpec.Monday(9, 5));
        // A check-in of period 1 buffered by the class-board, delivered after period 2's alert.
        var early = StudentSpec.Monday(8, 20);
        var lateDelivered = student.Send(new StudentCheckedIntoClass("c7-1", 1, TestCampus.Monday, early), StudentSpec.Monday(9, 6));
        var tuesday = TestCampus.Local(StudentSpec.Tuesday, 8, 2);
        student.GateIn(TestCampus.Local(StudentSpec.Tuesday, 7, 40));
        var nextDay = student.Send(new StudentCheckedIntoClass("c7-1", 1, StudentSpec.Tuesday, tuesday), tuesday);

        Assert.Empty(lateDelivered.Tells);
        Assert.Empty(nextDay.Tells);
        Assert.Single(student.State.OpenIncidents);
    }

    [Fact]
    public void Student_not_on_campus_is_not_missing_from_class()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));

        var effects = student.Send(Missed(), StudentSpec.Monday(8, 10));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Student_who_arrived_after_the_period_started_is_not_missing_from_it()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(8, 5));

        var effects = student.Send(Missed(), StudentSpec.Monday(8, 10));

        Assert.Empty(effects.Tells);
    }

    [Fact]
    public void Day_student_who_did_not_leave_yesterday_is_judged_off_campus_until_seen_today()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        var tuesdayStart = TestCampus.Local(StudentSpec.Tuesday, 8, 0);

        var effects = student.Send(new ClassCheckInMissed("c7-1", 1, StudentSpec.Tuesday, tuesdayStart), tuesdayStart.AddMinutes(10));

        Assert.Empty(effects.Tells);
    }

    [Fact]
    public void Boarding_student_in_the_dorm_during_a_period_is_missing_from_class()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.Send(new StudentEnteredDorm("dorm-a", false, null, StudentSpec.Monday(7, 30)), StudentSpec.Monday(7, 30));

        var effects = student.Send(Missed(), StudentSpec.Monday(8, 10));

        StudentSpec.AssertRaisedOnly(effects, AlertKind.MissingFromClass, Severity.Warning, TestCampus.BoardingStudent, "2026-11-23-p1", "c7-1", "class:c7-1");
    }

    [Fact]
    public void Student_on_leave_at_the_period_start_is_not_missing_from_class()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.Send(new ApproveLeave(new LeaveApproval("L2", "S1002", StudentSpec.Monday(7, 55), StudentSpec.Monday(9, 0), "nurse", "Ms Zhao")), StudentSpec.Monday(7, 50));

        var effects = student.Send(Missed(), StudentSpec.Monday(8, 10));

        Assert.Empty(effects.Tells);
    }
}
