using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Timer catch-up: 10,000 sample alarm entities (4 campuses) each set an alarm within the next hour;
/// the node stops, the (manual) clock moves an hour, a new node starts on the same SQLite journal:
/// remember-entities brings every alarm back, and each rings at once. Figure: alarms rung per second
/// from starting the new node until every alarm has rung, when each alarm is due at its own second.
/// Baseline, same run: the same alarms all due at one instant.
/// </summary>
public static class TimerBench
{
    private const int Campuses = 4;
    private const int PerCampus = 2_500;
    private const int Alarms = Campuses * PerCampus;

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(Report report)
    {
        var (distinct, distinctRang) = await CatchUpAsync(i => TimeSpan.FromSeconds(1 + i));
        Bench.Log($"timers: each at its own second {distinct:N0} timers/s, {distinctRang:N0} rang");
        var (together, togetherRang) = await CatchUpAsync(_ => TimeSpan.FromMinutes(30));
        Bench.Log($"timers: all at one instant {together:N0} timers/s, {togetherRang:N0} rang");
        var incomplete = distinctRang < Alarms || togetherRang < Alarms
            ? $"; INCOMPLETE: {distinctRang:N0} and {togetherRang:N0} of {Alarms:N0} rang within {GiveUpAfter.TotalSeconds:0} s"
            : "";
        report.Row($"timer catch-up after 1 h down, SQLite ({Alarms:N0} alarms, each at its own second{incomplete})", distinct, "timers/s",
            "the same alarms due at one instant", together);
    }

    private static EntityId Alarm(int campus, int i) => new("alarm", $"c{campus}", $"A{i}");

    /// <summary>Alarms rung per second after the restart, and how many rang (all, unless the node gave up: then the rate is over the time waited).</summary>
    private static async Task<(double Rate, int Rang)> CatchUpAsync(Func<int, TimeSpan> dueAfter)
    {
        await using var harness = await EntityHarness.StartAsync(Samples.Behaviors, Samples.Codec);
        var start = harness.Clock.GetUtcNow();
        var sets = new List<EntityInput>(Alarms);
        for (var i = 0; i < PerCampus; i++)
        {
            for (var campus = 0; campus < Campuses; campus++)
                sets.Add(new EntityInput(Alarm(campus, i), new SetAlarm("a", start + dueAfter(i)), "bench", $"set-{campus}-{i}", start));
        }
        // Every campus's shard first, one alarm each: a shard that starts while thousands of new
        // entities wait to recover may not load its remembered entities in time (5 s) and restarts.
        foreach (var first in sets.Take(Campuses)) await Bench.AppendAsync(harness.Entities, [first]);
        await Bench.AppendAllAsync(harness.Entities, sets[Campuses..]);
        await harness.IdleAsync();

        await harness.StopNodeAsync();
        harness.Clock.Advance(TimeSpan.FromHours(1));
        var watch = Bench.Now();
        await harness.StartNodeAsync();
        // A first message to each campus starts its shard, which starts every remembered alarm (all
        // campuses at once, so that no shard waits behind another's alarms to load its remembered ids).
        await Task.WhenAll(Enumerable.Range(0, Campuses).Select(campus => Bench.PeekAsync(harness.Entities, Alarm(campus, 0))));
        while (Rang(harness) < Alarms && Bench.SecondsSince(watch) < GiveUpAfter.TotalSeconds)
        {
            try
            {
                await harness.IdleAsync();
            }
            catch (TimeoutException)
            {
                // Not idle within 30 s: look again until the benchmark gives up.
            }
            if (Rang(harness) < Alarms) await Task.Delay(1); // remembered alarms not started yet
        }
        var rang = Rang(harness);
        if (rang < Alarms) Bench.Log($"timers: only {rang:N0} of {Alarms:N0} alarms rang within {GiveUpAfter.TotalSeconds:0} s");
        return (rang / Bench.SecondsSince(watch), rang);
    }

    private static int Rang(EntityHarness harness) => harness.Probe.All.Count(o => o.Output is Rang);
}
