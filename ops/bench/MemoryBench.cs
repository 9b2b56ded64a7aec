using Akka.Actor;
using Campus.Actors;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Resident memory: BENCH_MEMORY_ENTITIES (default 100,000) student entities of the campus domain,
/// each configured by its <see cref="StudentConfigured"/> input: the demo roster's 640 students
/// replicated over as many campuses (hj000, hj001, ...; one shard each) with their own copies of
/// every string, the campus rules and dorms shared per campus as the codec interns them. Figure:
/// managed heap (<c>GC.GetTotalMemory(true)</c>) per resident entity, after minus before, on a node
/// wired like production (SQLite, manual clock: day students hold their arrival timer). Baseline,
/// same run: a bare idle sharded Akka entity (a trivial ReceiveActor in a shard region routed by the
/// same extractor, not persistent, nothing remembered); and a bare persistent sharded entity (a
/// ReceivePersistentActor that journals one small event, in a region configured like the campus
/// region, remember-entities on; BENCH_MEMORY_PERSISTENT_ENTITIES of them, default 20,000), what
/// Akka.Persistence itself costs per resident entity. Also the activation rate (first durable
/// input to a new entity) against the bare entity's first message, and the same figure against the
/// students' states alone (in a dictionary by entity id), which shows what the hosting adds. Issue
/// target: at most 3,000 bytes per resident student.
/// </summary>
public static class MemoryBench
{
    private static readonly int Entities = Bench.Env("BENCH_MEMORY_ENTITIES", 100_000);

    /// <summary>Fewer for the persistent baseline, which starts only a few hundred entities a second here.</summary>
    private static readonly int PersistentEntities = Math.Min(Entities, Bench.Env("BENCH_MEMORY_PERSISTENT_ENTITIES", 20_000));

    public static async Task RunAsync(Report report)
    {
        var stateBytes = MeasureStates();
        Bench.Log($"memory: student state alone {stateBytes:N0} bytes");
        var (baselineBytes, baselineRate) = await MeasureBareAsync(persistent: false, Entities);
        Bench.Log($"memory: bare sharded entity {baselineBytes:N0} bytes, {baselineRate:N0} activations/s");
        var (persistentBytes, persistentRate) = await MeasureBareAsync(persistent: true, PersistentEntities);
        Bench.Log($"memory: bare persistent sharded entity {persistentBytes:N0} bytes, {persistentRate:N0} activations/s");
        var (bytes, rate) = await MeasureStudentsAsync();
        Bench.Log($"memory: student entity {bytes:N0} bytes, {rate:N0} activations/s");
        report.Row($"managed heap per resident student entity ({Entities:N0}; target <= 3,000)", bytes, "bytes", "bare idle sharded Akka entity", baselineBytes);
        report.Row("managed heap per resident student entity (as above)", bytes, "bytes",
            $"bare persistent sharded Akka entity, one event journaled, remember-entities ({PersistentEntities:N0})", persistentBytes);
        report.Row("managed heap per resident student entity (as above)", bytes, "bytes", "the same student states alone, in a dictionary by entity id", stateBytes);
        report.Row("activation (first durable input to a new student entity)", rate, "entities/s", "bare sharded entity, first message", baselineRate);
        report.Row("activation (as above)", rate, "entities/s", "bare persistent sharded entity, first event journaled", persistentRate);
    }

    /// <summary>What the students' states take by themselves: the configured state of each, in a dictionary by entity id (no actor, no hosting).</summary>
    private static double MeasureStates()
    {
        var demo = Bench.DemoCampus();
        var before = Bench.SettledHeap();
        var states = new Dictionary<string, Campus.Actors.Students.StudentState>(Entities);
        var campuses = (Entities + demo.Students.Length - 1) / demo.Students.Length;
        for (var c = 0; c < campuses; c++)
        {
            var students = Enumerable.Range(c * demo.Students.Length, Math.Min(demo.Students.Length, Entities - c * demo.Students.Length));
            foreach (var input in Configure(demo, CampusOf(c), students, DateTimeOffset.UnixEpoch))
            {
                var configured = (StudentConfigured)input.Message;
                states.Add(input.Target.ToString(), new() { Info = configured.Student, Rules = configured.Rules, Dorm = configured.Dorm });
            }
        }
        var after = Bench.SettledHeap();
        GC.KeepAlive(states);
        return (after - before) / (double)Entities;
    }

    /// <summary>Bare sharded entities (persistent: journaling one event each, remember-entities on, SQLite), <paramref name="count"/> of them: bytes per entity and activations/s.</summary>
    private static async Task<(double Bytes, double Rate)> MeasureBareAsync(bool persistent, int count)
    {
        var started = new Countdown(count + 1);
        await using var stores = new BenchStores();
        var idle = Props.Create(() => new IdleEntity(started));
        var (node, region) = persistent
            ? await RawNode.StartShardedAsync(id => Props.Create(() => new IdlePersistentEntity(id, started)), await stores.CreateAsync("sqlite", "memory_raw"))
            : await RawNode.StartShardedAsync(_ => idle);
        await using (node)
        {
            region.Tell(new Touch(new EntityId("student", "warm", "S0"))); // the region's first shard and entity: not counted
            while (started.Count < 1) await Task.Delay(10);
            var before = Bench.SettledHeap();
            var start = Bench.Now();
            for (var i = 0; i < count; i++)
            {
                region.Tell(new Touch(StudentId(i)));
                while (started.Count < i - 400) await Task.Delay(5); // a few hundred starting at once, as for the students
            }
            await started.Done.WaitAsync(TimeSpan.FromMinutes(10));
            var seconds = Bench.SecondsSince(start);
            var after = Bench.SettledHeap();
            return ((after - before) / (double)count, count / seconds);
        }
    }

    private static async Task<(double Bytes, double Rate)> MeasureStudentsAsync()
    {
        var demo = Bench.DemoCampus();
        var clock = new ManualClock(demo.Rules.At(demo.Rules.Calendar.TermStart, new TimeOnly(0, 0)));
        await using var stores = new BenchStores();
        var host = new EntityHost(CampusDomain.Behaviors(), CampusDomain.Codec(), clock, new NoOutputs(), new EntityHostOptions());
        await using var node = await EntityNode.StartAsync(host, await stores.CreateAsync("sqlite", "memory"));

        // The first campus shard, the journal's connections and the code paths: not counted.
        await Bench.AppendAsync(node.Entities, [.. Configure(demo, "warm", Enumerable.Range(0, 1), clock.GetUtcNow())]);
        await node.Entities.WhenIdleAsync();
        var before = Bench.SettledHeap();

        var start = Bench.Now();
        var campuses = (Entities + demo.Students.Length - 1) / demo.Students.Length;
        var at = clock.GetUtcNow();
        for (var c = 0; c < campuses; c++)
        {
            var students = Enumerable.Range(c * demo.Students.Length, Math.Min(demo.Students.Length, Entities - c * demo.Students.Length));
            await Bench.AppendAllAsync(node.Entities, [.. Configure(demo, CampusOf(c), students, at)]);
        }
        await node.Entities.WhenIdleAsync();
        var seconds = Bench.SecondsSince(start);
        var after = Bench.SettledHeap();

        var sample = await node.Entities.PeekAsync(StudentId(Entities - 1));
        if (sample.State is not Campus.Actors.Students.StudentState { Info: not null })
            throw new InvalidOperationException("the last student is not configured");
        return ((after - before) / (double)Entities, Entities / seconds);
    }

    private static string CampusOf(int campus) => $"hj{campus:D3}";

    /// <summary>Student n: the demo roster's student n mod 640 on campus n / 640.</summary>
    private static EntityId StudentId(int n) => CampusIds.Student(CampusOf(n / 640), Key(n));

    private static string Key(int n) => $"S{1001 + n % 640}";

    /// <summary>The <see cref="StudentConfigured"/> inputs of <paramref name="students"/> on <paramref name="campus"/>, every string a copy of its own.</summary>
    private static IEnumerable<EntityInput> Configure(CampusManifest demo, string campus, IEnumerable<int> students, DateTimeOffset at)
    {
        var rules = demo.Rules with { CampusId = campus };
        var dorms = demo.Dorms.ToDictionary(d => d.Id);
        foreach (var n in students)
        {
            var source = demo.Students[n % demo.Students.Length];
            var student = new StudentInfo(Copy(source.Id), Copy(source.Name), Copy(source.Grade), Copy(source.ClassId), source.Boarding, CopyOrNull(source.DormId),
                [.. source.Guardians.Select(g => g with { Id = Copy(g.Id), Name = Copy(g.Name), Contact = Copy(g.Contact), Language = Copy(g.Language) })]);
            var dorm = student.Boarding && student.DormId is { } dormId ? dorms.GetValueOrDefault(dormId) : null;
            yield return new EntityInput(CampusIds.Student(campus, Key(n)), new StudentConfigured(student, rules, dorm), "manifest", $"{campus}-{n}", at);
        }
    }

    private static string Copy(string text) => new(text.AsSpan());

    private static string? CopyOrNull(string? text) => text is null ? null : Copy(text);
}
