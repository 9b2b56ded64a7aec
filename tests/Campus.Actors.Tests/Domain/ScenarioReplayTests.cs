using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Storage.Postgres;
using Campus.Actors.Tests.Storage;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>
/// Replay: the school day played straight through, and played again with two crashes (the runtime
/// stops after inputs were stored and applied but before their checkpoint, then recovers from
/// the checkpoint and the log), store the same alerts and notices under the same output ids.
/// </summary>
public sealed class ScenarioReplayTests
{
    private static readonly DateOnly Monday = TestCampus.Monday;

    [Fact]
    public async Task Killing_and_recovering_mid_day_gives_the_same_alerts_and_notices()
    {
        var steps = SchoolDayScenarioTests.Monday_steps();

        await using var straight = await SchoolDayScenarioTests.StartMondayAsync();
        foreach (var (_, act) in steps) await act(straight);
        var expected = await straight.StoredOutputsAsync();

        await using var crashed = await SchoolDayScenarioTests.StartMondayAsync();
        foreach (var (label, act) in steps)
        {
            if (label == "supervisor acknowledges the curfew alert")
            {
                // Crash 1: the curfew timer fires and raises its alert, then the process dies before the checkpoint.
                await crashed.AtAsync(TestCampus.Local(Monday, 21, 29));
                crashed.Harness.Store.FailNextCheckpoint(count: int.MaxValue);
                crashed.Harness.Clock.Advance(TimeSpan.FromMinutes(1));
                await crashed.Harness.Probe.WaitForAsync<AlertChanged>(a => a.Kind == AlertKind.CurfewMissing && a.Version == 1);
                await CrashAndRecoverAsync(crashed);
            }
            if (label == "S1003 returns late")
            {
                // Crash 2: a scan is stored and applied (the curfew alert resolves), then the process dies before the checkpoint.
                var at = TestCampus.Local(Monday, 21, 52);
                await crashed.AtAsync(at);
                crashed.Harness.Store.FailNextCheckpoint(count: int.MaxValue);
                await crashed.Harness.TellAsync(Campus.Actors.Reference.CampusIds.Device(TestCampus.Id, "dorm-a-reader"),
                    new DeviceReported("late-scan", "dorm-a-reader", at, DeviceEventType.Access, "S1003", Direction.In), at, "late-scan", "device:dorm-a-reader");
                await crashed.Harness.Probe.WaitForAsync<AlertChanged>(a => a.Outcome == ResolutionOutcome.LateReturn);
                await CrashAndRecoverAsync(crashed);
                continue;
            }
            await act(crashed);
        }
        var recovered = await crashed.StoredOutputsAsync();

        var codec = crashed.Harness.Runtime.Codec;
        Assert.Equal(SchoolDayScenarioTests.Expected, crashed.Story(recovered.Select(r => codec.Decode(r.Type, System.Text.Encoding.UTF8.GetBytes(r.Json)))));
        // Same outputs, same ids, same payloads, in the same order (compared as sequences:
        // ImmutableArray's own Equals compares references).
        Assert.Equal<(string Id, string Type, string Json)>(expected, recovered);
    }

    /// <summary>Stops the runtime with its last batch unchecked-pointed and starts a new one on the same store, which recovers from the log.</summary>
    private static async Task CrashAndRecoverAsync(CampusScenario scenario)
    {
        await scenario.Harness.StopRuntimeAsync();
        await scenario.Harness.StartRuntimeAsync();
        await scenario.Harness.IdleAsync();
    }
}

/// <summary>The school day on PostgreSQL: the same story as on SQLite.</summary>
[Collection("postgres")]
public sealed class PostgresSchoolDayScenarioTests(PostgresFixture fixture)
{
    [Fact]
    public async Task A_school_day_on_postgres_gives_the_same_story()
    {
        var connection = await fixture.Server.CreateSchemaAsync("schoolday");
        await using var scenario = await SchoolDayScenarioTests.StartMondayAsync(() => new PostgresShardStore(connection));

        foreach (var (_, act) in SchoolDayScenarioTests.Monday_steps()) await act(scenario);

        Assert.Equal(SchoolDayScenarioTests.Expected, scenario.Story());
        Assert.Equal(SchoolDayScenarioTests.Expected, scenario.Story((await scenario.StoredOutputsAsync())
            .Select(r => scenario.Harness.Runtime.Codec.Decode(r.Type, System.Text.Encoding.UTF8.GetBytes(r.Json)))));
    }
}
