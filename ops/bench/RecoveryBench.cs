using Akka.Actor;
using Akka.Cluster.Sharding;
using Campus.Actors;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Recovery of the demo campus after time in service, snapshots on (every 200 events, as in
/// production). The campus is configured from its manifest, then <see cref="CampusTraffic"/> plays
/// BENCH_RECOVERY_DAYS days from the first day of term (default 14, of which 10 school days; the
/// demo calendar's term has 144 days) on a manual clock, timers firing as it moves. At each of BENCH_RECOVERY_CHECKPOINTS (days,
/// default 7 and the last day) the node stops gracefully and a new one starts on the same journal;
/// the figure is the time from starting the new node until every entity remembered at the stop has
/// recovered (the campus is asked a first question, which starts its shard and so its remembered
/// entities; then the node is idle and holds as many entities as before). Baseline, same run: the
/// campus's first start (a node on an empty journal, the manifest applied to every entity). Issue
/// target: at most 3 s. BENCH_RECOVERY_STORES (default sqlite,postgres); BENCH_RECOVERY_HEARTBEATS=0
/// leaves the heartbeats out (most of the inputs). The entities running at each stop are logged by
/// kind (alerts by rule) on stderr.
/// </summary>
public static class RecoveryBench
{
    private static readonly int Days = Bench.Env("BENCH_RECOVERY_DAYS", 14);
    private static readonly bool Heartbeats = Bench.Env("BENCH_RECOVERY_HEARTBEATS", 1) != 0;

    public static async Task RunAsync(Report report)
    {
        var checkpoints = Bench.Env("BENCH_RECOVERY_CHECKPOINTS", "7").Split(',').Select(int.Parse).Append(Days).Where(d => d > 0 && d <= Days).ToHashSet();
        foreach (var provider in Bench.Env("BENCH_RECOVERY_STORES", "sqlite,postgres").Split(','))
        {
            await using var stores = new BenchStores();
            await RunAsync(report, provider, await stores.CreateAsync(provider, "bench_recovery"), checkpoints);
        }
    }

    private static async Task RunAsync(Report report, string provider, CampusStore store, HashSet<int> checkpoints)
    {
        var name = provider == "sqlite" ? "SQLite" : "PostgreSQL";
        var demo = Bench.DemoCampus();
        var firstDay = demo.Rules.Calendar.TermStart;
        var clock = new ManualClock(demo.Rules.At(firstDay, TimeOnly.MinValue));
        var simulation = new CampusSimulation(demo, clock);

        var start = Bench.Now();
        var node = await StartNodeAsync(store, clock);
        await simulation.ConfigureAsync(node.Entities, node.Host.Codec);
        var firstStart = Bench.SecondsSince(start);
        Bench.Log($"recovery, {provider}: first start {firstStart:0.00} s, {await ResidentAsync(node.System)} entities");
        try
        {
            var playing = Bench.Now();
            for (var day = 1; day <= Days; day++)
            {
                await simulation.PlayDayAsync(node.Entities, firstDay.AddDays(day - 1), Heartbeats);
                if (day % 7 == 0 || day == Days)
                    Bench.Log($"recovery, {provider}: day {day}, {simulation.Inputs:N0} device events in {Bench.SecondsSince(playing):0} s");
                if (!checkpoints.Contains(day)) continue;

                var remembered = await ResidentAsync(node.System);
                Bench.Log($"recovery, {provider}: after day {day}, entities by kind: {await KindsAsync(node.System)}");
                var rows = await Bench.ScalarAsync(store, "SELECT count(*) FROM journal");
                await node.DisposeAsync();
                BenchStores.ReleaseSqliteFiles();

                start = Bench.Now();
                node = await StartNodeAsync(store, clock);
                var started = Bench.SecondsSince(start);
                await Bench.PeekAsync(node.Entities, CampusIds.Config(demo.CampusId));
                var recovered = await WaitRecoveredAsync(node, remembered);
                var seconds = Bench.SecondsSince(start);
                Bench.Log($"recovery, {provider}: after day {day}, {remembered:N0} remembered entities, {recovered:N0} recovered in {seconds:0.00} s (node up after {started:0.00} s), {rows:N0} journal rows");
                report.Row($"recovery of the demo campus after {day} days of traffic ({simulation.Inputs:N0} device events, {rows:N0} journal rows; {recovered:N0} entities), {name}",
                    seconds, "s", "first start of the same campus (empty journal, manifest applied)", firstStart);
            }
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static Task<EntityNode> StartNodeAsync(CampusStore store, ManualClock clock) =>
        EntityNode.StartAsync(new EntityHost(CampusDomain.Behaviors(), CampusDomain.Codec(), clock, new NoOutputs(), new EntityHostOptions()), store);

    /// <summary>The entities running on the node now (with remember-entities: the ones a restart brings back).</summary>
    private static async Task<int> ResidentAsync(ActorSystem system)
    {
        var region = ClusterSharding.Get(system).ShardRegion(new EntityHostOptions().RegionName);
        var stats = await region.Ask<ShardRegionStats>(GetShardRegionStats.Instance, TimeSpan.FromSeconds(10));
        return stats.Stats.Values.Sum();
    }

    /// <summary>The running entities counted by kind (<c>student 640, alert 12, ...</c>).</summary>
    private static async Task<string> KindsAsync(ActorSystem system)
    {
        var region = ClusterSharding.Get(system).ShardRegion(new EntityHostOptions().RegionName);
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        var kinds = state.Shards.SelectMany(s => s.EntityIds).GroupBy(id => id.Split('/')[0]).OrderByDescending(g => g.Count());
        var alerts = state.Shards.SelectMany(s => s.EntityIds).Where(id => id.StartsWith("alert/", StringComparison.Ordinal))
            .GroupBy(id => id.Split('/')[2].Split(':')[0]).OrderByDescending(g => g.Count()).Take(6);
        return string.Join(", ", kinds.Select(g => $"{g.Key} {g.Count()}")) + "; alerts by rule: " + string.Join(", ", alerts.Select(g => $"{g.Key} {g.Count()}"));
    }

    /// <summary>Waits until the node is idle and runs at least <paramref name="expected"/> entities; returns how many it runs.</summary>
    private static async Task<int> WaitRecoveredAsync(EntityNode node, int expected)
    {
        var start = Bench.Now();
        while (true)
        {
            await node.Entities.WhenIdleAsync();
            var resident = await ResidentAsync(node.System);
            if (resident >= expected) return resident;
            if (Bench.SecondsSince(start) > 120) throw new InvalidOperationException($"{resident} of {expected} entities recovered in 120 s");
            await Task.Delay(1);
        }
    }
}
