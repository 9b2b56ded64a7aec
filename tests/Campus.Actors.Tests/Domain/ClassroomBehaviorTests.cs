using Campus.Actors.Classrooms;
using Campus.Actors.Reference;
using Campus.Actors.Entities;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

public sealed class ClassroomBehaviorTests
{
    private static readonly DateOnly Monday = TestCampus.Monday;
    private static readonly DateOnly Tuesday = Monday.AddDays(1);
    private static readonly DateOnly Thursday = Monday.AddDays(3);
    private static readonly ClassroomInfo C71 = new("c7-1", "Grade 7 Class 1", "7");

    private static EntityTester<ClassroomState> NewClassroom() => new(new ClassroomBehavior(), CampusIds.Classroom(TestCampus.Id, "c7-1"));

    private static EntityTester<ClassroomState> ConfiguredClassroom(DateTimeOffset at)
    {
        var tester = NewClassroom();
        tester.Send(new ClassroomConfigured(C71, ["S1001", "S1002"], TestCampus.Rules()), at);
        return tester;
    }

    private static Effects SendScan(EntityTester<ClassroomState> classroom, string? personId, DateTimeOffset at) =>
        classroom.Send(new ClassBoardScanned("c7-1-board", "e-" + at.ToUnixTimeSeconds(), personId, at), at);

    private static (EntityId Target, object Message) Told(string studentId, object message) =>
        (CampusIds.Student(TestCampus.Id, studentId), message);

    // Period timer

    [Fact]
    public void Configured_early_on_monday_arms_the_check_of_period_1_ten_minutes_after_it_starts()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));

        Assert.Equal((TestCampus.Local(Monday, 8, 10), new PeriodCheckDue(Monday, 1)), classroom.Timers[ClassroomBehavior.PeriodTimer]);
    }

    [Fact]
    public void Configured_during_a_period_s_grace_arms_that_period_s_check()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 8, 5));

        Assert.Equal((TestCampus.Local(Monday, 8, 10), new PeriodCheckDue(Monday, 1)), classroom.Timers[ClassroomBehavior.PeriodTimer]);
    }

    [Fact]
    public void Period_check_arms_the_next_period_s_check()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));

        classroom.AdvanceTo(TestCampus.Local(Monday, 8, 10));

        Assert.Equal((TestCampus.Local(Monday, 9, 5), new PeriodCheckDue(Monday, 2)), classroom.Timers[ClassroomBehavior.PeriodTimer]);
    }

    [Fact]
    public void The_last_period_s_check_arms_period_1_of_the_next_school_day()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 15, 0));

        classroom.AdvanceTo(TestCampus.Local(Monday, 15, 5));

        Assert.Equal((TestCampus.Local(Tuesday, 8, 10), new PeriodCheckDue(Tuesday, 1)), classroom.Timers[ClassroomBehavior.PeriodTimer]);
    }

    [Fact]
    public void No_period_checks_on_the_holiday_but_on_the_make_up_saturday()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Thursday, 16, 0));

        Assert.Equal((TestCampus.Local(TestCampus.MakeUpDay, 8, 10), new PeriodCheckDue(TestCampus.MakeUpDay, 1)),
            classroom.Timers[ClassroomBehavior.PeriodTimer]);
    }

    // Missed check-ins

    [Fact]
    public void Period_check_tells_a_missed_check_in_only_to_roster_students_who_did_not_scan()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));
        SendScan(classroom, "S1001", TestCampus.Local(Monday, 7, 55));

        var effects = classroom.AdvanceTo(TestCampus.Local(Monday, 8, 10));

        Assert.Equal([Told("S1002", new ClassCheckInMissed("c7-1", 1, Monday, TestCampus.Local(Monday, 8, 0)))], effects.Tells);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Period_check_tells_nothing_when_every_roster_student_checked_in()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));
        SendScan(classroom, "S1001", TestCampus.Local(Monday, 7, 55));
        SendScan(classroom, "S1002", TestCampus.Local(Monday, 8, 2));

        var effects = classroom.AdvanceTo(TestCampus.Local(Monday, 8, 10));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Period_check_forgets_the_check_ins_of_earlier_days()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));
        SendScan(classroom, "S1001", TestCampus.Local(Monday, 7, 55));
        SendScan(classroom, "S1001", TestCampus.Local(Tuesday, 7, 55));

        classroom.AdvanceTo(TestCampus.Local(Tuesday, 8, 10));

        Assert.Equal(["2026-11-24-p1"], classroom.State.CheckIns.Keys);
    }

    // Class-board scans

    [Fact]
    public void Scan_ten_minutes_before_a_period_checks_the_student_in_to_that_period()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));
        var at = TestCampus.Local(Monday, 7, 50);

        var effects = SendScan(classroom, "S1001", at);

        Assert.Equal([Told("S1001", new StudentCheckedIntoClass("c7-1", 1, Monday, at))], effects.Tells);
        Assert.Equal(["S1001"], classroom.State.CheckIns["2026-11-23-p1"]);
    }

    [Fact]
    public void Scan_more_than_ten_minutes_before_the_first_period_is_ignored()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));

        var effects = SendScan(classroom, "S1001", TestCampus.Local(Monday, 7, 49));

        Assert.True(effects.IsEmpty);
        Assert.Empty(classroom.State.CheckIns);
    }

    [Fact]
    public void Scan_at_lunch_is_ignored()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));

        var effects = SendScan(classroom, "S1001", TestCampus.Local(Monday, 12, 30));

        Assert.True(effects.IsEmpty);
        Assert.Empty(classroom.State.CheckIns);
    }

    [Fact]
    public void Scan_at_a_period_s_end_counts_for_the_next_period()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));
        var at = TestCampus.Local(Monday, 8, 45);

        var effects = SendScan(classroom, "S1001", at);

        Assert.Equal([Told("S1001", new StudentCheckedIntoClass("c7-1", 2, Monday, at))], effects.Tells);
    }

    [Fact]
    public void Scan_on_the_holiday_is_ignored()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Thursday, 16, 0));

        var effects = SendScan(classroom, "S1001", TestCampus.Local(TestCampus.Holiday, 8, 5));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Scan_after_the_grace_is_still_recorded_and_told_so_the_student_can_clear_a_missing_alert()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));
        classroom.AdvanceTo(TestCampus.Local(Monday, 8, 10));
        var at = TestCampus.Local(Monday, 8, 20);

        var effects = SendScan(classroom, "S1002", at);

        Assert.Equal([Told("S1002", new StudentCheckedIntoClass("c7-1", 1, Monday, at))], effects.Tells);
        Assert.Contains("S1002", classroom.State.CheckIns["2026-11-23-p1"]);
    }

    [Fact]
    public void Repeated_scan_in_the_same_period_is_not_told_again()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));
        SendScan(classroom, "S1001", TestCampus.Local(Monday, 7, 55));

        var effects = SendScan(classroom, "S1001", TestCampus.Local(Monday, 8, 1));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Visitor_not_on_the_roster_is_recorded_and_told_but_never_missed()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));
        var at = TestCampus.Local(Monday, 7, 58);

        var scan = SendScan(classroom, "S1003", at);
        var check = classroom.AdvanceTo(TestCampus.Local(Monday, 8, 10));

        Assert.Equal([Told("S1003", new StudentCheckedIntoClass("c7-1", 1, Monday, at))], scan.Tells);
        Assert.DoesNotContain(check.Tells, t => t.Target == CampusIds.Student(TestCampus.Id, "S1003"));
    }

    [Fact]
    public void Unknown_face_at_the_class_board_is_ignored()
    {
        var classroom = ConfiguredClassroom(TestCampus.Local(Monday, 7, 0));

        var effects = SendScan(classroom, null, TestCampus.Local(Monday, 8, 1));

        Assert.True(effects.IsEmpty);
        Assert.Empty(classroom.State.CheckIns);
    }

    [Fact]
    public void A_card_not_on_the_campus_roster_at_a_class_board_is_dropped_and_no_student_is_told()
    {
        var classroom = NewClassroom();
        classroom.Send(new ClassroomConfigured(C71, ["S1001", "S1002"], TestCampus.Rules(), ["S1001", "S1002", "S1003"]), TestCampus.Local(Monday, 6, 0));

        var stranger = SendScan(classroom, "X999", TestCampus.Local(Monday, 8, 1));
        var other = SendScan(classroom, "S1003", TestCampus.Local(Monday, 8, 2));

        Assert.True(stranger.IsEmpty);
        Assert.Single(other.TellsOf<StudentCheckedIntoClass>(), t => t.Target == CampusIds.Student(TestCampus.Id, "S1003"));
    }

    [Fact]
    public void A_scan_before_the_classroom_is_configured_waits_and_counts_once_it_is()
    {
        var classroom = NewClassroom();
        var at = TestCampus.Local(Monday, 8, 1);

        Assert.True(SendScan(classroom, "S1001", at).Deferred);
        Assert.Empty(classroom.State.CheckIns);

        var effects = classroom.Send(new ClassroomConfigured(C71, ["S1001", "S1002"], TestCampus.Rules()), at.AddSeconds(1));
        Assert.Single(effects.TellsOf<StudentCheckedIntoClass>());
        Assert.NotEmpty(classroom.State.CheckIns);
    }
}
