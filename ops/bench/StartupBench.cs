using Campus.Actors;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Host start-up after a long time in service, PostgreSQL. A database is seeded with
/// BENCH_STARTUP_EVENTS device events (default 1,000,000; the figure printed is what was used) of
/// the demo campus's ordinary traffic (<see cref="CampusTraffic"/>, heartbeats included), driven
/// through the entity hosting alone (<see cref="EntityNode"/> with the campus domain and a manual
/// clock) over the days that end the day before the host's simulated start; the host then starts
/// on that database (its own tables are created then, so its read model projects every stored
/// output from the start). Figures: the time from starting the host process until it serves
/// requests, and until its read model has caught up with every output stored before it started.
/// Baseline, same run: the same host started on an empty database.
/// </summary>
public static class StartupBench
{
    private static readonly int Events = Bench.Env("BENCH_STARTUP_EVENTS", 1_000_000);

    public static async Task RunAsync(Report report)
    {
        await using var stores = new BenchStores();
        var (emptyServing, emptyCaughtUp) = await TimeStartAsync(await stores.CreateAsync("postgres", "bench_startup_empty"));
        Bench.Log($"startup: empty database, serving after {emptyServing:0.00} s, read model caught up after {emptyCaughtUp:0.00} s");

        var seeded = await stores.CreateAsync("postgres", "bench_startup_seeded");
        var (inputs, days) = await SeedAsync(seeded);
        var rows = await Bench.ScalarAsync(seeded, "SELECT count(*) FROM journal");
        var outputs = await Bench.ScalarAsync(seeded, $"SELECT count(*) FROM tags WHERE tag = '{EntityEvent.OutputsTag}'");
        Bench.Log($"startup: seeded {inputs:N0} device events over {days} days: {rows:N0} journal rows, {outputs:N0} with outputs");

        var (serving, caughtUp) = await TimeStartAsync(seeded);
        Bench.Log($"startup: seeded database, serving after {serving:0.00} s, read model caught up after {caughtUp:0.00} s");
        var what = $"{inputs:N0} device events stored ({rows:N0} journal rows, {outputs:N0} with outputs), PostgreSQL";
        report.Row($"host start-up with {what}: to serving requests", serving, "s", "the same host on an empty database", emptyServing);
        report.Row($"host start-up with {what}: to the read model caught up", caughtUp, "s", "the same host on an empty database", emptyCaughtUp);
    }

    /// <summary>Starts the host on <paramref name="store"/>: seconds until it serves requests, and until its read model holds every output stored before it started.</summary>
    private static async Task<(double Serving, double CaughtUp)> TimeStartAsync(CampusStore store)
    {
        var stored = await TableExistsAsync(store, "tags")
            ? await Bench.ScalarAsync(store, $"SELECT max(ordering_id) FROM tags WHERE tag = '{EntityEvent.OutputsTag}'")
            : 0;
        var start = Bench.Now();
        await using var host = await BenchHost.StartAsync(store);
        var serving = Bench.SecondsSince(start);
        while (stored > 0 && await Bench.ScalarAsync(store, "SELECT \"offset\" FROM projection_offsets WHERE name = 'read-model'") < stored)
        {
            if (Bench.SecondsSince(start) > 600) throw new TimeoutException("the read model did not catch up in 10 minutes");
            await Task.Delay(50);
        }
        return (serving, Bench.SecondsSince(start));
    }

    private static async Task<bool> TableExistsAsync(CampusStore store, string table) =>
        await Bench.ScalarAsync(store, $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'") > 0;

    /// <summary>Plays whole days of traffic, ending the day before the host's simulated start, until <see cref="Events"/> device events are stored.</summary>
    private static async Task<(long Inputs, int Days)> SeedAsync(CampusStore store)
    {
        var demo = Bench.DemoCampus();
        var last = DateOnly.FromDateTime(demo.Rules.ToLocal(BenchHost.SimulatedStart).Date).AddDays(-1);
        var first = last;
        for (long planned = CampusTraffic.Day(demo, first, heartbeats: true).Count; planned < Events; planned += CampusTraffic.Day(demo, first, heartbeats: true).Count)
            first = first.AddDays(-1);

        var clock = new ManualClock(demo.Rules.At(first, TimeOnly.MinValue));
        var simulation = new CampusSimulation(demo, clock);
        var host = new EntityHost(CampusDomain.Behaviors(), CampusDomain.Codec(), clock, new NoOutputs(), new EntityHostOptions());
        await using var node = await EntityNode.StartAsync(host, store);
        await simulation.ConfigureAsync(node.Entities, host.Codec);
        var start = Bench.Now();
        var days = 0;
        for (var day = first; day <= last && simulation.Inputs < Events; day = day.AddDays(1), days++)
        {
            await simulation.PlayDayAsync(node.Entities, day, heartbeats: true);
            if (days % 7 == 6) Bench.Log($"startup: seeding, {simulation.Inputs:N0} of {Events:N0} device events in {Bench.SecondsSince(start):0} s");
        }
        return (simulation.Inputs, days);
    }
}
