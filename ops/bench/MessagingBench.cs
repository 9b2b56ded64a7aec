using System.Diagnostics;
using Campus.Actors.Runtime;
using Campus.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Campus.Bench;

/// <summary>
/// In-memory entity messaging: pairs of entities in one shard bounce a ball (tells, no storage),
/// many balls in flight, one shard per core. Baseline: the same rally as a bare loop over a queue
/// and an array of counters, with no runtime at all.
/// </summary>
public static class MessagingBench
{
    private const int PairsPerShard = 1_000;
    private const long HitsPerEntity = 10_000;

    public static void Run(Report report)
    {
        var shards = Environment.ProcessorCount;
        RunRuntime(shards, 100, 100); // warm-up
        RunBaseline(shards, 100, 100);
        var runtime = Best(() => RunRuntime(shards, PairsPerShard, HitsPerEntity));
        var baseline = Best(() => RunBaseline(shards, PairsPerShard, HitsPerEntity));
        report.Row($"in-memory tells, {shards} shards x {PairsPerShard} pairs in flight", runtime, "msg/s", "bare queue loop", baseline);
    }

    private static double Best(Func<double> run) => Enumerable.Range(0, 3).Max(_ => run());

    private static double RunRuntime(int shards, int pairs, long hits)
    {
        var codec = Samples.Codec();
        var map = new ShardMap(shards);
        var cores = new ShardCore[shards];
        var work = new List<(EntityId, object)>[shards];
        var behaviors = new Dictionary<string, EntityBehavior> { ["ping"] = new PingBehavior(hits) };
        for (var s = 0; s < shards; s++)
        {
            cores[s] = new ShardCore(s, behaviors, codec, map, _ => { }, NullLogger.Instance);
            var campus = CampusOnShard(map, s);
            work[s] = [];
            for (var p = 0; p < pairs; p++)
            {
                var left = new EntityId("ping", campus, $"L{p}");
                var right = new EntityId("ping", campus, $"R{p}");
                work[s].Add((left, new Ball(left, right)));
            }
        }
        var now = DateTimeOffset.UnixEpoch;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, shards, new ParallelOptions { MaxDegreeOfParallelism = shards }, s => cores[s].DeliverInMemory(work[s], now));
        watch.Stop();
        var messages = (double)shards * pairs * (2 * hits - 1);
        return messages / watch.Elapsed.TotalSeconds;
    }

    private static double RunBaseline(int shards, int pairs, long hits)
    {
        var watch = Stopwatch.StartNew();
        Parallel.For(0, shards, new ParallelOptions { MaxDegreeOfParallelism = shards }, _ =>
        {
            var counters = new long[pairs * 2];
            var queue = new Queue<(int Target, int Other)>();
            for (var p = 0; p < pairs; p++) queue.Enqueue((2 * p, 2 * p + 1));
            while (queue.TryDequeue(out var item))
            {
                if (++counters[item.Target] < hits) queue.Enqueue((item.Other, item.Target));
            }
        });
        watch.Stop();
        return (double)shards * pairs * (2 * hits - 1) / watch.Elapsed.TotalSeconds;
    }

    internal static string CampusOnShard(ShardMap map, int shard)
    {
        for (var i = 0; ; i++)
        {
            if (map.ShardOf($"c{i}") == shard) return $"c{i}";
        }
    }
}
