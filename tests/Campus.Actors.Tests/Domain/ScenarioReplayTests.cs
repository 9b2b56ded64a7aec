using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Hosting;
using Campus.Actors.Tests.Hosting;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>
/// Replay: the school day played straight through, and played again with the node stopped twice
/// mid-day (every entity then recovers from its snapshot and journal; snapshots every three
/// events, so both paths are used), store the same alerts and notices under the same output ids.
/// </summary>
public sealed class ScenarioReplayTests
{
    private static readonly DateOnly Monday = TestCampus.Monday;

    [Fact]
    public async Task Stopping_and_recovering_mid_day_gives_the_same_alerts_and_notices_under_the_same_ids()
    {
        var steps = SchoolDayScenarioTests.Monday_steps();

        await using var straight = await SchoolDayScenarioTests.StartMondayAsync();
        foreach (var (_, act) in steps) await act(straight);
        var expected = await straight.StoredOutputsAsync();

        await using var crashed = await SchoolDayScenarioTests.StartMondayAsync(configure: o => o.SnapshotEvery = 3);
        foreach (var (label, act) in steps)
        {
            if (label == "supervisor acknowledges the curfew alert")
            {
                // Stop 1: right after the curfew timer fired and raised its alert.
                await crashed.AtAsync(TestCampus.Local(Monday, 21, 30));
                await crashed.Harness.RestartAsync();
            }
            if (label == "S1003 returns late")
            {
                // Stop 2: right after a scan resolved the curfew alert.
                var at = TestCampus.Local(Monday, 21, 52);
                await crashed.AtAsync(at);
                await crashed.Harness.TellAsync(Campus.Actors.Reference.CampusIds.Device(TestCampus.Id, "dorm-a-reader"),
                    new DeviceReported("late-scan", "dorm-a-reader", at, DeviceEventType.Access, "S1003", Direction.In), at, "late-scan", "device:dorm-a-reader");
                await crashed.Harness.Probe.WaitForAsync<AlertChanged>(a => a.Outcome == ResolutionOutcome.LateReturn);
                await crashed.Harness.RestartAsync();
                continue;
            }
            await act(crashed);
        }
        var recovered = await crashed.StoredOutputsAsync();

        Assert.Equal(SchoolDayScenarioTests.Expected, crashed.Story(await crashed.StoredOutputObjectsAsync()));
        // Same outputs, same ids, same payloads (compared as sequences: ImmutableArray's own Equals compares references).
        Assert.Equal<(string Id, string Type, string Json)>(expected, recovered);
    }
}

/// <summary>The school day on PostgreSQL: the same story as on SQLite.</summary>
[Collection("postgres")]
public sealed class PostgresSchoolDayScenarioTests(PostgresFixture fixture)
{
    [Fact]
    public async Task A_school_day_on_postgres_gives_the_same_story()
    {
        var connection = await fixture.Server.CreateDatabaseAsync("schoolday");
        await using var scenario = await SchoolDayScenarioTests.StartMondayAsync(new CampusStore("postgres", connection));

        foreach (var (_, act) in SchoolDayScenarioTests.Monday_steps()) await act(scenario);

        Assert.Equal(SchoolDayScenarioTests.Expected, scenario.Story());
        Assert.Equal(SchoolDayScenarioTests.Expected, scenario.Story(await scenario.StoredOutputObjectsAsync()));
    }
}
