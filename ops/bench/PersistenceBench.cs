using Akka.Actor;
using Akka.Persistence.Journal;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Durable writes, on SQLite and on PostgreSQL (throwaway server). Figure: inputs/s stored through
/// <see cref="CampusEntities.AppendAsync"/> into 1,000 sample counter entities (10 campuses, so 10
/// shards), by BENCH_CALLERS concurrent callers (default 64) each storing a batch of BENCH_BATCH
/// inputs (default 10) for one entity and waiting until they are durable; every input is journaled
/// with its output (tagged for the projections), remember-entities and snapshots (every 200 events)
/// as in production. Baseline, same run, same kind of store: the minimal <c>ReceivePersistentActor</c>
/// journaling the same bytes (one such event of the hosting, serialized) with one PersistAsync per
/// event, 1,000 actors, same callers and batches, same journal settings
/// (<see cref="CampusPersistence.WithCampusPersistence"/>), no sharding. On PostgreSQL also: binary
/// COPY of as many such journal rows into a plain table, 1,000 rows per transaction.
/// BENCH_PERSIST_EVENTS (default 200,000) events per run, after a warm-up of one batch per entity;
/// BENCH_PERSIST_STORES (default sqlite,postgres). Variants of the baseline, for diagnosis:
/// BENCH_RAW_ATOMIC=1 (one PersistAllAsync per batch), BENCH_RAW_TAGGED=1 (every event tagged like
/// the entities' events with outputs).
/// </summary>
public static class PersistenceBench
{
    private const int Entities = 1_000;
    private const int Campuses = 10;
    private static readonly int Events = Bench.Env("BENCH_PERSIST_EVENTS", 200_000);
    private static readonly int Callers = Bench.Env("BENCH_CALLERS", 64);
    private static readonly int Batch = Bench.Env("BENCH_BATCH", 10);
    private static readonly bool Atomic = Bench.Env("BENCH_RAW_ATOMIC", 0) != 0;
    private static readonly bool Tagged = Bench.Env("BENCH_RAW_TAGGED", 0) != 0;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(Report report)
    {
        var calls = Events / Batch;
        var events = calls * Batch;
        var sample = new EntityEvent(EventOrigin.Input, "bench", "12345.6", 0, 0, DateTimeOffset.UnixEpoch, new Add("t"), [new Added("t", 123)]);
        byte[] payload;
        string manifest;
        await using (var encoder = new JournalEncoder(Samples.Codec()))
        {
            payload = encoder.Encode(sample);
            manifest = encoder.Manifest(sample);
        }
        Bench.Log($"persistence: {events:N0} events per run, {Entities:N0} entities, {Callers} callers x {Batch} events, {payload.Length} bytes per event");

        await using var stores = new BenchStores();
        foreach (var provider in Bench.Env("BENCH_PERSIST_STORES", "sqlite,postgres").Split(','))
        {
            var raw = await RawPersistAsync(await stores.CreateAsync(provider, "bench_raw_persist"), payload, calls);
            Bench.Log($"persistence, {provider}: raw Akka.Persistence.Sql {raw:N0} events/s");
            var hosted = await HostedAppendAsync(await stores.CreateAsync(provider, "bench_hosted_append"), calls);
            Bench.Log($"persistence, {provider}: CampusEntities.AppendAsync {hosted:N0} inputs/s");
            var name = provider == "sqlite" ? "SQLite" : "PostgreSQL";
            report.Row($"durable inputs through CampusEntities.AppendAsync, {name}, {Entities:N0} counters, {Callers} callers x {Batch} inputs", hosted, "events/s",
                $"raw Akka.Persistence.Sql {(Atomic ? "PersistAllAsync (a batch per write)" : "PersistAsync")}{(Tagged ? ", tagged" : "")}, {Entities:N0} actors, same callers and batches", raw);
            if (provider != "postgres") continue;

            var rows = new JournalRow[events];
            for (var i = 0; i < rows.Length; i++) rows[i] = new JournalRow(CounterId(i % Entities).ToString(), i / Entities + 1, manifest, payload);
            var copy = await RawCopy.RunAsync(await stores.CreatePostgresDatabaseAsync("bench_copy"), rows);
            Bench.Log($"persistence, postgres: raw binary COPY {copy:N0} rows/s");
            report.Row($"durable inputs through CampusEntities.AppendAsync, PostgreSQL (as above)", hosted, "events/s", "raw binary COPY of as many journal rows, 1,000 rows/tx", copy);
            report.Row("raw Akka.Persistence.Sql PersistAsync, PostgreSQL (as above)", raw, "events/s", "raw binary COPY of as many journal rows, 1,000 rows/tx", copy);
        }
    }

    private static EntityId CounterId(int i) => new("counter", $"c{i % Campuses}", $"S{i:D5}");

    /// <summary>The baseline: <see cref="RawJournaled"/> actors on the same journal settings; returns events/s.</summary>
    private static async Task<double> RawPersistAsync(CampusStore store, byte[] payload, int calls)
    {
        await using var node = await RawNode.StartAsync(akka => akka.WithCampusPersistence(store));
        object written = Tagged ? new Tagged(payload, [EntityEvent.OutputsTag]) : payload;
        var actors = Enumerable.Range(0, Entities)
            .Select(i => node.System.ActorOf(Props.Create(() => new RawJournaled("raw/" + CounterId(i), written, Atomic))))
            .ToArray();
        var warmUp = await Bench.DriveAsync(Entities, Callers, n => actors[n].Ask<BatchDone>(new PersistBatch(Batch), AskTimeout));
        Bench.Log($"persistence, {store.Provider}: {Entities:N0} raw actors started by their first batch in {warmUp:0.00} s");
        var seconds = await Bench.DriveAsync(calls, Callers, n => actors[n % Entities].Ask<BatchDone>(new PersistBatch(Batch), AskTimeout));
        return calls * Batch / seconds;
    }

    /// <summary>The figure: sample counters on a node wired like production; returns inputs/s.</summary>
    private static async Task<double> HostedAppendAsync(CampusStore store, int calls)
    {
        var host = new EntityHost(Samples.Behaviors(), Samples.Codec(), TimeProvider.System, new NoOutputs(), new EntityHostOptions());
        await using var node = await EntityNode.StartAsync(host, store);
        var ids = Enumerable.Range(0, Entities).Select(CounterId).ToArray();
        var at = DateTimeOffset.UnixEpoch;
        var add = new Add("t");

        Task Call(int n, string run)
        {
            var inputs = new EntityInput[Batch];
            for (var j = 0; j < Batch; j++) inputs[j] = new EntityInput(ids[n % Entities], add, "bench", $"{run}{n}.{j}", at);
            return Bench.AppendAsync(node.Entities, inputs);
        }

        var warmUp = await Bench.DriveAsync(Entities, Callers, n => Call(n, "w")); // warm-up: every entity started once
        Bench.Log($"persistence, {store.Provider}: the hosting's {Entities:N0} entities started by their first batch in {warmUp:0.00} s");
        var seconds = await Bench.DriveAsync(calls, Callers, n => Call(n, "r"));
        await node.Entities.WhenIdleAsync();
        return calls * Batch / seconds;
    }
}
