using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Gates;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Entities;
using Campus.Actors.Students;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>Shared givens of the student tests: configured students of the test campus and exact-effect assertions.</summary>
internal static class StudentSpec
{
    public static CampusRules Rules { get; } = TestCampus.Rules();

    public static DateOnly Tuesday { get; } = TestCampus.Monday.AddDays(1);

    /// <summary>A local instant on Monday 2026-11-23.</summary>
    public static DateTimeOffset Monday(int hour, int minute) => TestCampus.Local(TestCampus.Monday, hour, minute);

    /// <summary>S1001, boarding in dorm-a (Plum House), class c7-1, configured at <paramref name="at"/>.</summary>
    public static EntityTester<StudentState> Boarding(DateTimeOffset at) => Configured(TestCampus.BoardingStudent, TestCampus.DormA, at);

    /// <summary>S1002, a day student of class c7-1, configured at <paramref name="at"/>.</summary>
    public static EntityTester<StudentState> Day(DateTimeOffset at) => Configured(TestCampus.DayStudent, null, at);

    public static EntityTester<StudentState> Configured(StudentInfo student, DormInfo? dorm, DateTimeOffset at)
    {
        var tester = Unconfigured(student.Id);
        tester.Send(new StudentConfigured(student, Rules, dorm), at);
        return tester;
    }

    public static EntityTester<StudentState> Unconfigured(string key) =>
        new(new StudentBehavior(), CampusIds.Student(TestCampus.Id, key));

    public static StudentInfo Student(string id) => TestCampus.Manifest().Students.Single(s => s.Id == id);

    public static Effects GateIn(this EntityTester<StudentState> tester, DateTimeOffset at, string gate = "gate-n") =>
        tester.Send(new StudentPassedGate(gate, Direction.In, at), at);

    public static Effects GateOut(this EntityTester<StudentState> tester, DateTimeOffset at, string gate = "gate-n") =>
        tester.Send(new StudentPassedGate(gate, Direction.Out, at), at);

    /// <summary>The incident's alert entity.</summary>
    public static EntityId Alert(AlertKind kind, string subjectId, string window) => Incidents.For(TestCampus.Id, kind, subjectId, window);

    /// <summary>Asserts that exactly one message was told: a raise of <paramref name="kind"/> to its incident, with these fields.</summary>
    public static RaiseAlert AssertRaisedOnly(Effects effects, AlertKind kind, Severity severity, StudentInfo student, string window, string location, string? scope)
    {
        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(Alert(kind, student.Id, window), target);
        var raise = Assert.IsType<RaiseAlert>(message);
        Assert.Equal(kind, raise.Kind);
        Assert.Equal(severity, raise.Severity);
        Assert.Equal(new AlertSubject("student", student.Id, student.Name), raise.Subject);
        Assert.Equal(location, raise.LocationId);
        Assert.Equal(scope, raise.Scope);
        Assert.Equal(Rules.EscalationFor(kind).ToArray(), raise.Escalation.ToArray());
        Assert.Equal(Rules.ReminderInterval, raise.RemindEvery);
        return raise;
    }

    /// <summary>Asserts that exactly one message was told: a clear of <paramref name="alert"/> with this outcome and note.</summary>
    public static void AssertClearedOnly(Effects effects, EntityId alert, ResolutionOutcome outcome, string note)
    {
        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(alert, target);
        Assert.Equal(new ClearAlert(outcome, note), message);
    }
}

/// <summary>Presence and guardian notices.</summary>
public sealed class StudentBehaviorTests
{
    private static readonly StudentInfo Day = TestCampus.DayStudent;

    [Fact]
    public void Gate_entry_moves_the_student_on_campus_and_emits_presence_changed()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));

        var effects = student.GateIn(StudentSpec.Monday(7, 40));

        Assert.Empty(effects.Tells);
        Assert.Equal([new PresenceChanged("test", "S1002", "off-campus", "on-campus", StudentSpec.Monday(7, 40))], effects.OutputsOf<PresenceChanged>());
        Assert.Equal("on-campus", student.State.Location);
        Assert.Equal(StudentSpec.Monday(7, 40), student.State.FirstArrival);
    }

    [Fact]
    public void First_gate_entry_of_the_day_sends_one_arrival_notice_to_the_guardians_who_want_it()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        var at = StudentSpec.Monday(7, 40);

        var effects = student.GateIn(at);

        var notice = Assert.Single(effects.OutputsOf<GuardianNotice>());
        Assert.Equal($"S1002:arrival:{at.UtcTicks}", notice.NoticeId);
        Assert.Equal(NoticeKind.Arrival, notice.Kind);
        Assert.Equal("gate-n", notice.LocationId);
        Assert.Equal("G1002", Assert.Single(notice.GuardianIds));
        Assert.Equal(2, effects.Outputs.Count);
    }

    [Fact]
    public void Second_gate_entry_of_the_day_sends_no_arrival_notice()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.GateOut(StudentSpec.Monday(16, 40));

        var effects = student.GateIn(StudentSpec.Monday(17, 30));

        Assert.Empty(effects.OutputsOf<GuardianNotice>());
        Assert.Equal(StudentSpec.Monday(7, 40), student.State.FirstArrival);
    }

    [Fact]
    public void Every_gate_exit_sends_a_departure_notice()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));

        var effects = student.GateOut(StudentSpec.Monday(16, 40));

        var notice = Assert.Single(effects.OutputsOf<GuardianNotice>());
        Assert.Equal(NoticeKind.Departure, notice.Kind);
        Assert.Empty(effects.Tells);
        Assert.Equal(StudentSpec.Monday(16, 40), student.State.LastDeparture);
        Assert.Equal("off-campus", student.State.Location);
    }

    [Fact]
    public void In_and_out_within_five_minutes_gives_one_notice()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));

        var entry = student.GateIn(StudentSpec.Monday(7, 0));
        var exit = student.GateOut(StudentSpec.Monday(7, 3));

        Assert.Single(entry.OutputsOf<GuardianNotice>());
        Assert.Empty(exit.OutputsOf<GuardianNotice>());
        Assert.Single(exit.OutputsOf<PresenceChanged>());
    }

    [Fact]
    public void Exit_more_than_five_minutes_after_arrival_gives_a_second_notice()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 0));

        var exit = student.GateOut(StudentSpec.Monday(7, 6));

        Assert.Equal(NoticeKind.Departure, Assert.Single(exit.OutputsOf<GuardianNotice>()).Kind);
    }

    [Fact]
    public void Guardian_without_the_preference_gets_no_notice()
    {
        var dormOnly = StudentSpec.Configured(StudentSpec.Student("S1003"), TestCampus.DormA, StudentSpec.Monday(6, 0));
        var none = StudentSpec.Configured(StudentSpec.Student("S1005"), null, StudentSpec.Monday(6, 0));

        var dormOnlyArrival = dormOnly.GateIn(StudentSpec.Monday(7, 40));
        var noneArrival = none.GateIn(StudentSpec.Monday(7, 40));

        Assert.Empty(dormOnlyArrival.OutputsOf<GuardianNotice>());
        Assert.Empty(noneArrival.OutputsOf<GuardianNotice>());
    }

    [Fact]
    public void First_dorm_entry_of_the_evening_sends_one_dorm_check_in_notice()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        var at = StudentSpec.Monday(21, 0);

        var first = student.Send(new StudentEnteredDorm("dorm-a", false, null, at), at);
        student.Send(new StudentLeftDorm("dorm-a", null, StudentSpec.Monday(21, 5)), StudentSpec.Monday(21, 5));
        var second = student.Send(new StudentEnteredDorm("dorm-a", false, null, StudentSpec.Monday(21, 10)), StudentSpec.Monday(21, 10));

        var notice = Assert.Single(first.OutputsOf<GuardianNotice>());
        Assert.Equal($"S1001:dorm-check-in:{at.UtcTicks}", notice.NoticeId);
        Assert.Equal(NoticeKind.DormCheckIn, notice.Kind);
        Assert.Equal("dorm-a", notice.LocationId);
        Assert.Empty(second.OutputsOf<GuardianNotice>());
    }

    [Fact]
    public void Dorm_entry_after_midnight_counts_for_the_previous_night()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));
        student.Send(new StudentEnteredDorm("dorm-a", false, null, StudentSpec.Monday(21, 0)), StudentSpec.Monday(21, 0));
        var afterMidnight = TestCampus.Local(StudentSpec.Tuesday, 1, 0);
        student.Send(new StudentLeftDorm("dorm-a", TestCampus.Monday, afterMidnight.AddMinutes(-5)), afterMidnight.AddMinutes(-5));

        var effects = student.Send(new StudentEnteredDorm("dorm-a", true, TestCampus.Monday, afterMidnight), afterMidnight);

        Assert.Empty(effects.OutputsOf<GuardianNotice>());
    }

    [Fact]
    public void Dorm_entry_during_the_day_sends_no_check_in_notice()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));

        var effects = student.Send(new StudentEnteredDorm("dorm-a", false, null, StudentSpec.Monday(12, 10)), StudentSpec.Monday(12, 10));

        Assert.Empty(effects.OutputsOf<GuardianNotice>());
        Assert.Equal("dorm:dorm-a", student.State.Location);
    }

    [Fact]
    public void Out_of_order_event_does_not_move_the_student_back()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.Send(new StudentCheckedIntoClass("c7-1", 1, TestCampus.Monday, StudentSpec.Monday(8, 0)), StudentSpec.Monday(8, 0));

        var late = student.Send(new StudentPassedGate("gate-n", Direction.In, StudentSpec.Monday(7, 45)), StudentSpec.Monday(8, 5));

        Assert.True(late.IsEmpty);
        Assert.Equal("classroom:c7-1", student.State.Location);
        Assert.Equal(StudentSpec.Monday(8, 0), student.State.LastSeenAt);
        Assert.Equal(["gate-in", "gate-in", "class-check-in"], student.State.Timeline.Select(e => e.What));
        Assert.Equal(StudentSpec.Monday(7, 45), student.State.Timeline[1].At);
    }

    [Fact]
    public void A_new_local_date_starts_a_new_timeline_and_first_arrival()
    {
        var student = StudentSpec.Day(StudentSpec.Monday(6, 0));
        student.GateIn(StudentSpec.Monday(7, 40));
        student.GateOut(StudentSpec.Monday(16, 40));

        var effects = student.GateIn(TestCampus.Local(StudentSpec.Tuesday, 7, 35));

        Assert.Equal(NoticeKind.Arrival, Assert.Single(effects.OutputsOf<GuardianNotice>()).Kind);
        Assert.Equal(StudentSpec.Tuesday, student.State.Today);
        Assert.Equal(TestCampus.Local(StudentSpec.Tuesday, 7, 35), student.State.FirstArrival);
        Assert.Null(student.State.LastDeparture);
        Assert.Equal(["gate-in"], student.State.Timeline.Select(e => e.What));
    }

    [Fact]
    public void A_class_check_in_moves_the_student_into_the_classroom()
    {
        var student = StudentSpec.Boarding(StudentSpec.Monday(6, 0));

        var effects = student.Send(new StudentCheckedIntoClass("c7-1", 1, TestCampus.Monday, StudentSpec.Monday(7, 58)), StudentSpec.Monday(7, 58));

        Assert.Empty(effects.Tells);
        Assert.Equal([new PresenceChanged("test", "S1001", "off-campus", "classroom:c7-1", StudentSpec.Monday(7, 58))], effects.Outputs);
        Assert.Equal(Day.ClassId, student.State.Info?.ClassId);
    }
}
