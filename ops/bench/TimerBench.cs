using System.Diagnostics;
using Campus.Actors.Runtime;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Timer catch-up: alarms set for the hour the process was down fire when it starts again (SQLite,
/// 4 shards, manual clock). Timers are appended one due instant at a time, so the figure is
/// alarms due at distinct instants (one append and one checkpoint each); the baseline is the same
/// number of alarms all due at one instant (one batch per shard).
/// </summary>
public static class TimerBench
{
    private const int ShardCount = 4;
    private const int PerShard = 2_500;

    public static async Task RunAsync(Report report)
    {
        var distinct = await CatchUpAsync(i => TimeSpan.FromSeconds(1 + i));
        var together = await CatchUpAsync(_ => TimeSpan.FromMinutes(30));
        report.Row($"timer catch-up after 1 h down, SQLite ({ShardCount * PerShard:N0} alarms, each at its own second)", distinct, "timers/s",
            "the same alarms due at one instant", together);
    }

    private static async Task<double> CatchUpAsync(Func<int, TimeSpan> dueAfter)
    {
        await using var harness = await ShardHarness.StartAsync(Samples.Behaviors, Samples.Codec,
            options => { options.ShardCount = ShardCount; options.PassivateAfterIdleInputs = 0; });
        var start = harness.Clock.GetUtcNow();
        var map = harness.Runtime.ShardMap;
        var sets = new List<Task<bool>>(ShardCount * PerShard);
        for (var shard = 0; shard < ShardCount; shard++)
        {
            var campus = MessagingBench.CampusOnShard(map, shard);
            for (var i = 0; i < PerShard; i++)
                sets.Add(harness.TellAsync(new EntityId("alarm", campus, $"A{i}"), new SetAlarm("a", start + dueAfter(i))));
        }
        await Task.WhenAll(sets);
        await harness.IdleAsync();

        await harness.StopRuntimeAsync();
        harness.Clock.Advance(TimeSpan.FromHours(1));
        var watch = Stopwatch.StartNew();
        await harness.StartRuntimeAsync();
        await harness.IdleAsync();
        watch.Stop();
        var rang = harness.Probe.All.Count(o => o.Output is Rang);
        if (rang != ShardCount * PerShard) throw new InvalidOperationException($"{rang} of {ShardCount * PerShard} alarms rang");
        return rang / watch.Elapsed.TotalSeconds;
    }
}
