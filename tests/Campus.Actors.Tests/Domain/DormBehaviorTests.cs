using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Reference;
using Campus.Actors.Entities;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

public sealed class DormBehaviorTests
{
    private static readonly DateOnly Monday = TestCampus.Monday;
    private static readonly DateOnly Tuesday = Monday.AddDays(1);
    private static readonly DateOnly Thursday = Monday.AddDays(3);

    private static EntityTester<DormState> NewDorm() => new(new DormBehavior(), CampusIds.Dorm(TestCampus.Id, "dorm-a"));

    private static EntityTester<DormState> ConfiguredDorm(DateTimeOffset at, CampusRules? rules = null, DormInfo? dorm = null)
    {
        var tester = NewDorm();
        tester.Send(new DormConfigured(dorm ?? TestCampus.DormA, ["S1001", "S1003"], rules ?? TestCampus.Rules()), at);
        return tester;
    }

    private static DormDoorScanned Scan(string? personId, Direction direction, DateTimeOffset at) =>
        new("dorm-a-reader", "e-" + at.ToUnixTimeSeconds(), personId, direction, at);

    private static Effects SendScan(EntityTester<DormState> dorm, string? personId, Direction direction, DateTimeOffset at) =>
        dorm.Send(Scan(personId, direction, at), at);

    private static (EntityId Target, object Message) Told(string studentId, object message) =>
        (CampusIds.Student(TestCampus.Id, studentId), message);

    // Curfew nights

    [Fact]
    public void Sunday_night_before_a_school_day_has_a_curfew_check() =>
        Assert.True(CurfewNights.HasCurfewCheck(TestCampus.Rules(), Monday.AddDays(-1)));

    [Fact]
    public void The_night_before_a_holiday_has_no_curfew_check() =>
        Assert.False(CurfewNights.HasCurfewCheck(TestCampus.Rules(), Thursday));

    [Fact]
    public void The_holiday_night_before_a_make_up_saturday_has_a_curfew_check() =>
        Assert.True(CurfewNights.HasCurfewCheck(TestCampus.Rules(), TestCampus.Holiday));

    [Fact]
    public void Saturday_night_before_a_sunday_off_has_no_curfew_check() =>
        Assert.False(CurfewNights.HasCurfewCheck(TestCampus.Rules(), TestCampus.MakeUpDay));

    [Fact]
    public void An_instant_between_curfew_and_wake_up_belongs_to_the_evening_s_night() =>
        Assert.Equal(Monday, CurfewNights.NightOf(TestCampus.Rules(), TestCampus.DormA, TestCampus.Local(Tuesday, 5, 59)));

    [Fact]
    public void An_instant_at_wake_up_belongs_to_no_night() =>
        Assert.Null(CurfewNights.NightOf(TestCampus.Rules(), TestCampus.DormA, TestCampus.Local(Tuesday, 6, 0)));

    // Curfew timer

    [Fact]
    public void Configured_on_monday_afternoon_arms_the_curfew_for_monday_night_at_21_30()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));

        Assert.Equal((TestCampus.Local(Monday, 21, 30), new CurfewDue(Monday)), dorm.Timers[DormBehavior.CurfewTimer]);
    }

    [Fact]
    public void Configured_after_curfew_arms_the_next_night_s_curfew()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 21, 31));

        Assert.Equal((TestCampus.Local(Tuesday, 21, 30), new CurfewDue(Tuesday)), dorm.Timers[DormBehavior.CurfewTimer]);
    }

    [Fact]
    public void Configuring_does_not_tell_or_emit_anything()
    {
        var dorm = NewDorm();

        var effects = dorm.Send(new DormConfigured(TestCampus.DormA, ["S1001"], TestCampus.Rules()), TestCampus.Local(Monday, 15, 0));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Reconfiguring_with_a_later_curfew_moves_the_curfew_timer()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));

        dorm.Send(new DormConfigured(TestCampus.DormA with { Curfew = new(22, 15) }, ["S1001"], TestCampus.Rules()), TestCampus.Local(Monday, 16, 0));

        Assert.Equal((TestCampus.Local(Monday, 22, 15), new CurfewDue(Monday)), dorm.Timers[DormBehavior.CurfewTimer]);
    }

    [Fact]
    public void Curfew_tells_a_curfew_check_to_exactly_the_roster_in_order()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));

        var effects = dorm.AdvanceTo(TestCampus.Local(Monday, 21, 30));

        var curfewAt = TestCampus.Local(Monday, 21, 30);
        Assert.Equal(
            [Told("S1001", new CurfewCheck("dorm-a", Monday, curfewAt)), Told("S1003", new CurfewCheck("dorm-a", Monday, curfewAt))],
            effects.Tells);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Curfew_arms_the_next_night_s_curfew_and_remembers_the_night()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));

        dorm.AdvanceTo(TestCampus.Local(Monday, 21, 30));

        Assert.Equal((TestCampus.Local(Tuesday, 21, 30), new CurfewDue(Tuesday)), dorm.Timers[DormBehavior.CurfewTimer]);
        Assert.Equal(Monday, dorm.State.CurfewNight);
    }

    [Fact]
    public void No_curfew_on_thursday_night_before_the_friday_holiday_but_on_friday_night_before_the_make_up_saturday()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Thursday, 12, 0));

        Assert.Equal((TestCampus.Local(TestCampus.Holiday, 21, 30), new CurfewDue(TestCampus.Holiday)), dorm.Timers[DormBehavior.CurfewTimer]);
    }

    [Fact]
    public void No_curfew_on_saturday_night_before_a_sunday_off()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Thursday, 12, 0));

        dorm.AdvanceTo(TestCampus.Local(TestCampus.Holiday, 21, 30));

        var sunday = TestCampus.MakeUpDay.AddDays(1);
        Assert.Equal((TestCampus.Local(sunday, 21, 30), new CurfewDue(sunday)), dorm.Timers[DormBehavior.CurfewTimer]);
    }

    [Fact]
    public void Curfew_stays_at_21_30_local_time_when_daylight_saving_ends()
    {
        // London leaves summer time on Sunday 2026-10-25: 21:30 is 20:30 UTC before, 21:30 UTC after.
        var rules = TestCampus.Rules("Europe/London");
        var thursday = new DateOnly(2026, 10, 22);
        var sunday = new DateOnly(2026, 10, 25);
        var dorm = ConfiguredDorm(new DateTimeOffset(2026, 10, 22, 11, 0, 0, TimeSpan.Zero), rules);
        Assert.Equal((new DateTimeOffset(2026, 10, 22, 20, 30, 0, TimeSpan.Zero), new CurfewDue(thursday)), dorm.Timers[DormBehavior.CurfewTimer]);

        dorm.AdvanceTo(new DateTimeOffset(2026, 10, 22, 20, 30, 0, TimeSpan.Zero));

        Assert.Equal((new DateTimeOffset(2026, 10, 25, 21, 30, 0, TimeSpan.Zero), new CurfewDue(sunday)), dorm.Timers[DormBehavior.CurfewTimer]);
    }

    // Door scans

    [Fact]
    public void Scan_in_at_22_10_on_monday_tells_the_student_they_entered_after_curfew_on_monday_night()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));
        var at = TestCampus.Local(Monday, 22, 10);

        var effects = SendScan(dorm, "S1001", Direction.In, at);

        Assert.Equal([Told("S1001", new StudentEnteredDorm("dorm-a", true, Monday, at))], effects.Tells);
        Assert.Empty(effects.Outputs);
        Assert.Contains("S1001", dorm.State.Occupants);
    }

    [Fact]
    public void Scan_in_before_curfew_tells_the_student_they_entered_with_no_night()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));
        var at = TestCampus.Local(Monday, 18, 0);

        var effects = SendScan(dorm, "S1001", Direction.In, at);

        Assert.Equal([Told("S1001", new StudentEnteredDorm("dorm-a", false, null, at))], effects.Tells);
    }

    [Fact]
    public void Scan_out_at_23_00_tells_the_student_they_left_on_monday_night()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));
        SendScan(dorm, "S1001", Direction.In, TestCampus.Local(Monday, 20, 0));
        var at = TestCampus.Local(Monday, 23, 0);

        var effects = SendScan(dorm, "S1001", Direction.Out, at);

        Assert.Equal([Told("S1001", new StudentLeftDorm("dorm-a", Monday, at))], effects.Tells);
        Assert.DoesNotContain("S1001", dorm.State.Occupants);
    }

    [Fact]
    public void Scan_out_at_07_00_tells_the_student_they_left_with_no_night()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));
        var at = TestCampus.Local(Tuesday, 7, 0);

        var effects = SendScan(dorm, "S1001", Direction.Out, at);

        Assert.Equal([Told("S1001", new StudentLeftDorm("dorm-a", null, at))], effects.Tells);
    }

    [Fact]
    public void Scan_in_at_00_30_on_tuesday_belongs_to_monday_night()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));
        var at = TestCampus.Local(Tuesday, 0, 30);

        var effects = SendScan(dorm, "S1001", Direction.In, at);

        Assert.Equal([Told("S1001", new StudentEnteredDorm("dorm-a", true, Monday, at))], effects.Tells);
    }

    [Fact]
    public void Scan_in_late_on_the_night_before_a_holiday_is_not_after_curfew()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Thursday, 12, 0));
        var at = TestCampus.Local(Thursday, 22, 10);

        var effects = SendScan(dorm, "S1001", Direction.In, at);

        Assert.Equal([Told("S1001", new StudentEnteredDorm("dorm-a", false, null, at))], effects.Tells);
    }

    [Fact]
    public void Unknown_face_at_the_door_raises_one_intruder_alert_in_the_hour_window_and_tells_no_student()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));

        var effects = SendScan(dorm, null, Direction.In, TestCampus.Local(Monday, 22, 10));

        var (target, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Empty(effects.Outputs);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "dorm-a", "2026-11-23T22"), target);
        Assert.Equal(AlertKind.Intruder, raise.Kind);
        Assert.Equal(Severity.High, raise.Severity);
        Assert.Equal(new AlertSubject("dorm", "dorm-a", "Plum House"), raise.Subject);
        Assert.Equal("dorm-a", raise.LocationId);
        Assert.Null(raise.Scope);
        Assert.Equal("Unknown face or card at Plum House", raise.Message);
    }

    [Fact]
    public void Unknown_face_older_than_the_stale_limit_raises_no_alert()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));
        SendScan(dorm, "S1001", Direction.In, TestCampus.Local(Monday, 23, 0));

        var effects = SendScan(dorm, null, Direction.In, TestCampus.Local(Monday, 20, 59));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Scans_before_the_dorm_is_configured_wait_and_are_handled_in_order_once_it_is()
    {
        var dorm = NewDorm();
        var inAt = TestCampus.Local(Monday, 17, 10);

        Assert.True(SendScan(dorm, "S1001", Direction.In, inAt).Deferred);
        Assert.True(SendScan(dorm, null, Direction.In, inAt.AddMinutes(1)).Deferred);
        Assert.Empty(dorm.State.Occupants);

        var effects = dorm.Send(new DormConfigured(TestCampus.DormA, ["S1001", "S1003"], TestCampus.Rules(), ["S1001", "S1003"]), inAt.AddMinutes(2));
        Assert.Equal(Told("S1001", new StudentEnteredDorm("dorm-a", false, null, inAt)), Assert.Single(effects.TellsOf<StudentEnteredDorm>()));
        Assert.Single(effects.TellsOf<RaiseAlert>(), r => r.Message.Kind == AlertKind.Intruder);
        Assert.Contains("S1001", dorm.State.Occupants);
    }

    [Fact]
    public void A_card_not_on_the_campus_roster_is_an_intruder_at_the_dorm_door_and_no_student_is_told()
    {
        var dorm = NewDorm();
        dorm.Send(new DormConfigured(TestCampus.DormA, ["S1001"], TestCampus.Rules(), ["S1001", "S1002"]), TestCampus.Local(Monday, 15, 0));
        var at = TestCampus.Local(Monday, 2, 5).AddDays(1);

        var effects = SendScan(dorm, "X999", Direction.In, at);

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "X999", "2026-11-24T02"), target);
        Assert.Equal("Card or face X999 is not on the roster", Assert.IsType<RaiseAlert>(message).Message);
        Assert.Empty(dorm.State.Occupants);
    }

    [Fact]
    public void An_out_of_order_older_scan_is_told_to_the_student_but_does_not_change_occupancy()
    {
        var dorm = ConfiguredDorm(TestCampus.Local(Monday, 15, 0));
        var lastIn = TestCampus.Local(Monday, 22, 10);
        SendScan(dorm, "S1001", Direction.In, lastIn);
        var olderOut = TestCampus.Local(Monday, 21, 45);

        var effects = SendScan(dorm, "S1001", Direction.Out, olderOut);

        Assert.Equal([Told("S1001", new StudentLeftDorm("dorm-a", Monday, olderOut))], effects.Tells);
        Assert.Contains("S1001", dorm.State.Occupants);
        Assert.Equal(lastIn, dorm.State.LastScans["S1001"]);
    }
}
