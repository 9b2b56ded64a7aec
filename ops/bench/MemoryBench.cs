using System.Diagnostics;
using Campus.Actors.Runtime;
using Campus.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Campus.Bench;

/// <summary>
/// Resident memory and activation: 1,000,000 small entities created in one shard by their first
/// message. Baseline: a bare <c>Dictionary&lt;string, PingState&gt;</c> holding the same keys and
/// states, the least any keyed, addressable store of entities needs.
/// </summary>
public static class MemoryBench
{
    private const int Entities = 1_000_000;

    public static void Run(Report report)
    {
        var (bytes, rate, keep) = MeasureRuntime();
        GC.KeepAlive(keep);
        keep = null;
        var (baselineBytes, baselineRate, keepBaseline) = MeasureBaseline();
        GC.KeepAlive(keepBaseline);
        report.Row("managed heap per resident entity (1,000,000)", bytes, "bytes", "bare dictionary", baselineBytes);
        report.Row("activation (first message to a new entity)", rate, "entities/s", "bare dictionary insert", baselineRate);
    }

    private static (double Bytes, double Rate, object? Keep) MeasureRuntime()
    {
        var map = new ShardMap(1);
        var behaviors = new Dictionary<string, EntityBehavior> { ["ping"] = new PingBehavior(1) };
        var core = new ShardCore(0, behaviors, Samples.Codec(), map, _ => { }, NullLogger.Instance);
        var before = Settle();
        var watch = Stopwatch.StartNew();
        core.DeliverInMemory(Messages(), DateTimeOffset.UnixEpoch);
        watch.Stop();
        var after = Settle();
        if (core.ResidentCount != Entities) throw new InvalidOperationException("not every entity was activated");
        return ((after - before) / (double)Entities, Entities / watch.Elapsed.TotalSeconds, core);

        static IEnumerable<(EntityId, object)> Messages()
        {
            for (var i = 0; i < Entities; i++)
            {
                var id = new EntityId("ping", "c0", $"S{i:D7}");
                yield return (id, new Ball(id, id));
            }
        }
    }

    private static (double Bytes, double Rate, object Keep) MeasureBaseline()
    {
        var before = Settle();
        var watch = Stopwatch.StartNew();
        var dictionary = new Dictionary<string, PingState>();
        for (var i = 0; i < Entities; i++) dictionary.Add($"ping/c0/S{i:D7}", new PingState { Hits = 1 });
        watch.Stop();
        var after = Settle();
        return ((after - before) / (double)Entities, Entities / watch.Elapsed.TotalSeconds, dictionary);
    }

    private static long Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
