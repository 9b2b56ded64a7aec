using System.Diagnostics;
using Campus.Actors;
using Campus.Actors.Notices;
using Campus.Actors.Runtime;
using Campus.Actors.Storage.Postgres;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Host start-up after a long time in service: the read model (CampusView) loads every stored
/// output at start. A PostgreSQL database is seeded with BENCH_STARTUP_OUTPUTS (default 1,000,000)
/// presence changes of the demo campus's 640 students (about two school years of moves) on a shard
/// the campus does not use; the figure is the time from starting the host process until it serves
/// requests. Baseline, same run: the same host started on an empty database.
/// </summary>
public static class StartupBench
{
    private static readonly int Outputs = int.TryParse(Environment.GetEnvironmentVariable("BENCH_STARTUP_OUTPUTS"), out var n) ? n : 1_000_000;

    public static async Task RunAsync(Report report)
    {
        await using var server = await PostgresServer.StartAsync();
        var empty = await TimeStartAsync(await server.CreateDatabaseAsync("bench_startup_empty"));

        var seeded = await server.CreateDatabaseAsync("bench_startup_seeded");
        await SeedAsync(seeded);
        var loaded = await TimeStartAsync(seeded);
        report.Row($"host start-up with {Outputs:N0} stored outputs, PostgreSQL (to serving requests)", loaded, "s",
            "the same host on an empty database", empty);
    }

    private static async Task<double> TimeStartAsync(string connectionString)
    {
        var watch = Stopwatch.StartNew();
        await using var host = await BenchHost.StartAsync(connectionString);
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task SeedAsync(string connectionString)
    {
        await using var store = new PostgresShardStore(connectionString);
        await store.MigrateAsync();
        var codec = CampusDomain.Codec();
        var map = new ShardMap(16);
        var shard = (map.ShardOf(new EntityId("student", "hj", "S1001")) + 1) % 16; // not the campus's own shard
        var lease = await store.AcquireShardAsync(shard, "bench");
        var start = BenchHost.SimulatedStart.AddDays(-700);
        string[] places = ["on-campus", "dorm:dorm-pine", "classroom:g7-1", "off-campus"];
        const int Batch = 10_000;
        for (var first = 0; first < Outputs; first += Batch)
        {
            var outputs = new List<OutputRecord>(Batch);
            for (var i = first; i < Math.Min(Outputs, first + Batch); i++)
            {
                var student = $"S{1001 + i % 640}";
                var at = start.AddSeconds(i * 60L);
                var (type, payload) = codec.Encode(new PresenceChanged("hj", student, places[i % 4], places[(i + 1) % 4], at));
                outputs.Add(new OutputRecord($"{shard}-{i + 1}-0", shard, i + 1, 0, $"student/hj/{student}", type, payload, at.UtcTicks));
            }
            await store.WriteCheckpointAsync(new ShardCheckpoint(shard, lease.Epoch, 0, [], outputs));
        }
    }
}
