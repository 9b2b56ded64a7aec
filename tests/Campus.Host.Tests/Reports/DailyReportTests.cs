using Campus.Host.Reports;
using static Campus.Host.Tests.Reports.ScriptedDay;
using static Campus.TestKit.TestCampus;

namespace Campus.Host.Tests.Reports;

/// <summary>The daily report computed from a scripted Monday (<see cref="ScriptedDay"/>): every figure known in advance.</summary>
public sealed class DailyReportTests
{
    private static AttendanceRow Class(DailyReportData report, string id) => report.Attendance!.Classes.Single(c => c.ClassId == id);

    private static NightRow Dorm(DailyReportData report, string id) => report.Night!.Dorms.Single(d => d.DormId == id);

    [Fact]
    public void A_student_arriving_after_the_deadline_is_late_and_a_boarder_who_woke_on_campus_has_arrived()
    {
        var report = Report();

        Assert.Equal(new AttendanceRow("7", "c7-2", "Grade 7 Class 2", 4, 2, 1, 1, 1, 0), Class(report, "c7-2"));
        var late = Assert.Single(report.Attendance!.Students, s => s.What == "late");
        Assert.Equal(("S1004", At(8, 20)), (late.StudentId, late.At!.Value));
    }

    [Fact]
    public void Absence_is_counted_with_leave_and_without_leave()
    {
        var report = Report();

        Assert.Equal(["S1005"], report.Attendance!.Students.Where(s => s.What == "absent").Select(s => s.StudentId));
        Assert.Equal(["S1006"], report.Attendance.Students.Where(s => s.What == "absent-with-leave").Select(s => s.StudentId));
    }

    [Fact]
    public void A_day_student_going_home_before_dismissal_without_leave_left_early_and_a_boarder_on_leave_did_not()
    {
        var report = Report();

        Assert.Equal(new AttendanceRow("7", "c7-1", "Grade 7 Class 1", 3, 3, 0, 0, 0, 1), Class(report, "c7-1"));
        var left = Assert.Single(report.Attendance!.Students, s => s.What == "left-early");
        Assert.Equal(("S1002", At(15, 0)), (left.StudentId, left.At!.Value));
        Assert.Equal([new AttendanceRow("7", null, null, 7, 5, 1, 1, 1, 1)], report.Attendance.Grades);
    }

    [Fact]
    public void The_night_counts_curfew_late_returns_night_exits_and_who_is_still_missing_at_wake_up_per_dorm()
    {
        var report = Report();

        var a = Dorm(report, "dorm-a");
        Assert.Equal((true, 2, 0, 2, 1, 1, 0, 1), (a.Checked, a.Boarders, a.OnLeave, a.Expected, a.InByCurfew, a.LateReturns, a.StillMissing, a.NightExits));
        Assert.Equal((At(21, 30), Local(Tuesday, 6, 0)), (a.CurfewAt, a.WakeUpAt));
        var b = Dorm(report, "dorm-b");
        Assert.Equal((true, 2, 1, 1, 0, 0, 1, 0), (b.Checked, b.Boarders, b.OnLeave, b.Expected, b.InByCurfew, b.LateReturns, b.StillMissing, b.NightExits));
        Assert.Equal(
            [("S1003", "late-return", (DateTimeOffset?)At(22, 10)), ("S1001", "night-exit", At(23, 0)), ("S1004", "missing", null)],
            report.Night!.Students.Select(s => (s.StudentId, s.What, s.At)));
    }

    [Fact]
    public void Alerts_of_a_kind_give_median_and_worst_times_to_acknowledge_and_resolve_levels_reached_open_and_outcomes()
    {
        var report = Report();

        var curfew = report.Alerts!.Kinds.Single(k => k.Kind == "curfew-missing");
        Assert.Equal(("high", 3, 3, 15.0, 65.0), (curfew.Severity, curfew.Raised, curfew.Acknowledged, curfew.AckMedianMinutes, curfew.AckWorstMinutes));
        Assert.Equal((2, 30.0, 40.0, 1), (curfew.Resolved, curfew.ResolveMedianMinutes, curfew.ResolveWorstMinutes, curfew.OpenAtClose));
        Assert.Equal([new LevelCount(1, "security", 1), new LevelCount(2, "duty-leader", 1)], curfew.EscalatedTo);
        Assert.Equal([new OutcomeCount("found", 1), new OutcomeCount("late-return", 1)], curfew.Outcomes);
    }

    [Fact]
    public void Alerts_are_listed_by_severity_and_an_alert_resolved_after_the_close_is_still_open_in_the_report()
    {
        var report = Report();

        Assert.Equal(["sos/critical", "curfew-missing/high", "night-exit/high", "visitor-overstay/warning"], report.Alerts!.Kinds.Select(k => $"{k.Kind}/{k.Severity}"));
        var exit = report.Alerts.Kinds.Single(k => k.Kind == "night-exit");
        Assert.Equal((1, 360.0, 0, 1), (exit.Acknowledged, exit.AckWorstMinutes, exit.Resolved, exit.OpenAtClose));
        Assert.Empty(exit.Outcomes);
        var sos = report.Alerts.Kinds.Single(k => k.Kind == "sos");
        Assert.Equal((1.0, 30.0, 0), (sos.AckMedianMinutes, sos.ResolveMedianMinutes, sos.OpenAtClose));
        Assert.Equal((6, 3), (report.Alerts.Raised, report.Alerts.OpenAtClose));
    }

    [Fact]
    public void Device_minutes_offline_count_only_within_active_hours_and_a_device_offline_at_the_start_counts_from_midnight()
    {
        var report = Report();

        var devices = report.Devices!.Devices.ToDictionary(d => d.DeviceId, d => (d.OfflineMinutes, d.WentOffline));
        Assert.Equal((40, 2), devices["c7-1-board"]);
        Assert.Equal((20, 0), devices["gate-n-reader"]);
        Assert.Equal((15, 1), devices["dorm-a-reader"]);
        Assert.Equal(75, devices.Values.Sum(d => d.OfflineMinutes));
    }

    [Fact]
    public void Gate_passages_visitors_and_vehicles_of_the_day_are_counted()
    {
        var report = Report();

        Assert.Equal((2, 2), (report.Devices!.PassagesIn, report.Devices.PassagesOut));
        Assert.Equal(new VisitorsSection(2, 2, 1, 1, 1), report.Visitors);
        Assert.Equal([new VehicleRow("staff", 1, 1, 0), new VehicleRow("unknown", 1, 0, 1)], report.Vehicles!.Categories);
        Assert.Equal((1, 1), (report.Vehicles.UnknownIn, report.Vehicles.LowConfidence));
    }

    [Fact]
    public void The_headline_sums_the_day_the_checked_nights_alerts_and_devices()
    {
        var report = Report();

        Assert.Equal(new Headline(true, 7, 5, 1, 2, 1, 1, true, 3, 1, 1, 6, 3, 1, 75), report.Headline);
        Assert.False(report.Closed);
        Assert.Equal(CloseAt, report.AsOf);
    }

    [Fact]
    public void The_night_before_a_holiday_is_not_checked()
    {
        var thursday = Holiday.AddDays(-1);

        var report = DailyReport.Compute(School, thursday, ReportInputs.Empty(Local(Holiday, 6, 0)));

        Assert.All(report.Night!.Dorms, d => Assert.Equal((false, 0, 0), (d.Checked, d.Expected, d.StillMissing)));
        Assert.False(report.Headline!.NightChecked);
        Assert.True(report.SchoolDay);
        Assert.Equal(7, report.Headline.AbsentWithoutLeave);
    }

    [Fact]
    public void Nobody_is_expected_on_a_day_without_school()
    {
        var report = DailyReport.Compute(School, Holiday, ReportInputs.Empty(Local(Holiday.AddDays(1), 6, 0)));

        Assert.False(report.SchoolDay);
        Assert.Equal((0, 0), (report.Headline!.Expected, report.Headline.Absent));
        Assert.Empty(report.Attendance!.Students);
    }

    [Fact]
    public void A_preview_before_curfew_counts_no_one_in_late_or_missing_yet()
    {
        var report = DailyReport.Compute(School, Day, Inputs(At(20, 0)));

        var a = Dorm(report, "dorm-a");
        Assert.Equal((2, 0, 0, 0), (a.Expected, a.InByCurfew, a.LateReturns, a.StillMissing));
        Assert.Equal(2, report.Alerts!.Raised); // the sos and the visitor overstay; the night's alerts are later
    }

    [Fact]
    public void The_report_window_closes_at_the_configured_time_or_at_the_last_dorms_wake_up_when_later()
    {
        var late = School with { Dorms = [DormA, DormB with { WakeUp = new TimeOnly(6, 10) }] };

        Assert.Equal(Local(Tuesday, 6, 0), ReportWindow.Of(School, Day, new TimeOnly(6, 0)).CloseAt);
        Assert.Equal(Local(Tuesday, 6, 10), ReportWindow.Of(late, Day, new TimeOnly(6, 0)).CloseAt);
        Assert.Equal(Local(Tuesday, 7, 30), ReportWindow.Of(late, Day, new TimeOnly(7, 30)).CloseAt);
    }
}
