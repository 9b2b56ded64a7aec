using Akka.Actor;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Tells between entities. Figure: pairs of sample ping entities (<see cref="PingBehavior"/>) bounce
/// a ball through the hosting, BENCH_PAIRS pairs (default 200) over 4 campuses, every ball in flight
/// at once, BENCH_HITS hits per entity (default 20): each tell is at least once, journaled by its
/// receiver (SQLite) and confirmed back before its sender forgets it. Rate = balls received / s,
/// from the first input until the node is idle. Baseline, same run: the same rally between raw
/// sharded Akka actors (same extractor, no persistence, no confirmation), each pair 100 times as
/// long so the run lasts.
/// </summary>
public static class MessagingBench
{
    private const int Campuses = 4;
    private static readonly int Pairs = Bench.Env("BENCH_PAIRS", 200);
    private static readonly int Hits = Bench.Env("BENCH_HITS", 20);

    public static async Task RunAsync(Report report)
    {
        await RawAsync(Pairs, 100); // warm-up
        var raw = await RawAsync(Pairs, Hits * 100L);
        Bench.Log($"messaging: raw sharded tells {raw:N0} msg/s");
        var hosted = await HostedAsync();
        Bench.Log($"messaging: hosted tells {hosted:N0} msg/s");
        report.Row($"tells between entities (at least once, journaled, SQLite), {Pairs} pairs x {Hits} hits in flight", hosted, "msg/s",
            "raw sharded Akka tells (not persistent)", raw);
    }

    private static EntityId Left(int pair) => new("ping", $"c{pair % Campuses}", $"L{pair}");

    private static EntityId Right(int pair) => new("ping", $"c{pair % Campuses}", $"R{pair}");

    /// <summary>Balls received per pair: the first, then every return until one side has been hit <paramref name="hits"/> times.</summary>
    private static double Messages(int pairs, long hits) => (double)pairs * (2 * hits - 1);

    private static async Task<double> HostedAsync()
    {
        await using var stores = new BenchStores();
        var host = new EntityHost([new PingBehavior(Hits)], Samples.Codec(), TimeProvider.System, new NoOutputs(), new EntityHostOptions());
        await using var node = await EntityNode.StartAsync(host, await stores.CreateAsync("sqlite", "messaging"));
        var at = DateTimeOffset.UnixEpoch;

        // Warm-up on other entities: the campus shards, the journal, the code paths.
        var warm = Enumerable.Range(Pairs, 20).Select(p => new EntityInput(Left(p), new Ball(Left(p), Right(p)), "bench", $"w{p}", at)).ToArray();
        await Bench.AppendAsync(node.Entities, warm);
        await node.Entities.WhenIdleAsync();

        var start = Bench.Now();
        var balls = Enumerable.Range(0, Pairs).Select(p => new EntityInput(Left(p), new Ball(Left(p), Right(p)), "bench", $"b{p}", at)).ToArray();
        await Bench.AppendAllAsync(node.Entities, balls, chunk: 100);
        await node.Entities.WhenIdleAsync();
        var seconds = Bench.SecondsSince(start);

        var last = await node.Entities.PeekAsync(Left(Pairs - 1));
        if (((PingState)last.State).Hits != Hits) throw new InvalidOperationException($"the last pair's rally did not finish ({((PingState)last.State).Hits} hits)");
        return Messages(Pairs, Hits) / seconds;
    }

    private static async Task<double> RawAsync(int pairs, long hits)
    {
        var finished = new Countdown(pairs);
        var props = Props.Create(() => new RawPingEntity(hits, finished));
        var (node, region) = await RawNode.StartShardedAsync(_ => props);
        await using (node)
        {
            var start = Bench.Now();
            for (var p = 0; p < pairs; p++) region.Tell(new RawBall(Left(p), Right(p)));
            await finished.Done.WaitAsync(TimeSpan.FromMinutes(5));
            return Messages(pairs, hits) / Bench.SecondsSince(start);
        }
    }
}
