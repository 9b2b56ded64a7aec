using Campus.Actors.Alerts;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>
/// The calendar through the real runtime: a holiday, a make-up Saturday and a campus in a time
/// zone with daylight saving. Nobody scans anything, so every expected alert comes from a rule's
/// timer.
/// </summary>
public sealed class CalendarScenarioTests
{
    [Fact]
    public async Task A_holiday_has_no_checks_and_a_make_up_saturday_has_them_all()
    {
        var thursday = TestCampus.Holiday.AddDays(-1);
        await using var scenario = await CampusScenario.StartAsync(
            CampusScenario.QuietDevices(TestCampus.Manifest()), TestCampus.Local(thursday, 12, 0));

        await scenario.AtAsync(TestCampus.Local(TestCampus.MakeUpDay.AddDays(1), 8, 0));

        Assert.Equal(
        [
            // Thursday night before the Friday holiday: no curfew check. Friday: no absence check.
            // Friday night before the make-up Saturday: curfew checks in both dorms.
            "21:30 curfew-missing:S1001:2026-11-27 raised dorm-supervisor",
            "21:30 curfew-missing:S1003:2026-11-27 raised dorm-supervisor",
            "22:00 curfew-missing:S1004:2026-11-27 raised dorm-supervisor",
            // The make-up Saturday is a school day for the day students. Saturday night: no curfew check.
            "07:50 abnormal-absence:S1002:2026-11-28 raised class-teacher",
            "07:50 abnormal-absence:S1005:2026-11-28 raised class-teacher",
        ], scenario.Story().Where(line => line.Contains(" raised ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Curfew_and_arrival_checks_keep_their_local_times_across_a_daylight_saving_change()
    {
        // New York leaves daylight saving on Sunday 2026-11-01: 21:30 is 01:30Z before, 02:30Z after.
        var manifest = CampusScenario.QuietDevices(TestCampus.Manifest("America/New_York"));
        await using var scenario = await CampusScenario.StartAsync(manifest, new DateTimeOffset(2026, 10, 29, 12, 0, 0, TimeSpan.FromHours(-4)));

        await scenario.AtAsync(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.FromHours(-5)));

        var raised = scenario.Harness.Probe.All.Select(o => o.Output).OfType<AlertChanged>()
            .Where(a => a.Version == 1 && a.Subject.Id is "S1001" or "S1002")
            .Select(a => $"{a.AlertId} {a.RaisedAt.UtcDateTime:yyyy-MM-ddTHH:mm}Z");
        Assert.Equal(
        [
            "curfew-missing:S1001:2026-10-29 2026-10-30T01:30Z", // Thursday night, daylight time
            "abnormal-absence:S1002:2026-10-30 2026-10-30T11:50Z", // Friday 07:50 EDT
            "curfew-missing:S1001:2026-11-01 2026-11-02T02:30Z", // Sunday night, standard time
            "abnormal-absence:S1002:2026-11-02 2026-11-02T12:50Z", // Monday 07:50 EST
        ], raised);
    }
}
