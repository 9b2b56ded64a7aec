using System.Data.Common;
using System.Globalization;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.TestKit;
using Npgsql;

namespace Campus.Bench;

/// <summary>Small helpers shared by the benchmarks: settings from the environment, timing, progress lines, the demo campus.</summary>
internal static class Bench
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>An integer setting from the environment variable <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>A text setting from the environment variable <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    /// <summary>A timestamp to measure from.</summary>
    public static long Now() => Clock.GetTimestamp();

    /// <summary>Seconds since <paramref name="start"/> (a timestamp from <see cref="Now"/>).</summary>
    public static double SecondsSince(long start) => Clock.GetElapsedTime(start).TotalSeconds;

    /// <summary>The <paramref name="p"/> quantile (nearest rank) of <paramref name="values"/>; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>A progress or detail line: on stderr, so that stdout holds only the result rows.</summary>
    public static void Log(FormattableString line) => Console.Error.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    /// <summary>Runs <paramref name="calls"/> calls from <paramref name="callers"/> concurrent callers (call n gets its number); returns the elapsed seconds.</summary>
    public static async Task<double> DriveAsync(int calls, int callers, Func<int, Task> call)
    {
        var next = -1;
        var start = Now();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < calls) await call(n);
        })));
        return SecondsSince(start);
    }

    /// <summary>
    /// Stores inputs as a device or an operator would: <see cref="OverloadedException"/> ("429") is
    /// retried after a short pause, everything else fails the benchmark.
    /// </summary>
    public static async Task<AppendResult> AppendAsync(CampusEntities entities, IReadOnlyList<EntityInput> inputs)
    {
        while (true)
        {
            try
            {
                return await entities.AppendAsync(inputs);
            }
            catch (OverloadedException)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>
    /// Stores <paramref name="inputs"/> in chunks of <paramref name="chunk"/>, <paramref name="parallel"/> chunks at a time.
    /// The defaults keep a few hundred inputs in flight: new entities start at only a few hundred per
    /// second here, and an input whose entity is not started within the ask timeout (10 s) fails.
    /// </summary>
    public static async Task AppendAllAsync(CampusEntities entities, IReadOnlyList<EntityInput> inputs, int chunk = 200, int parallel = 2)
    {
        var chunks = inputs.Chunk(chunk).ToArray();
        await DriveAsync(chunks.Length, parallel, n => AppendAsync(entities, chunks[n]));
    }

    /// <summary>
    /// Asks <paramref name="entity"/> for its state until it answers: the first message to a campus
    /// starts its shard, which starts every remembered entity of the campus; the entity asked may be
    /// queued behind thousands of recoveries for longer than the ask timeout (up to 6 asks).
    /// </summary>
    public static async Task<EntityStateReply> PeekAsync(CampusEntities entities, EntityId entity)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await entities.PeekAsync(entity);
            }
            catch (Akka.Actor.AskTimeoutException) when (attempt < 6)
            {
                Log($"{entity} did not answer within the ask timeout; asking again");
            }
        }
    }

    /// <summary>Everything the GC can free is freed; returns the managed heap size after.</summary>
    public static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The first column of the first row of <paramref name="sql"/> on <paramref name="store"/>'s database, as a number (0 for NULL).</summary>
    public static async Task<long> ScalarAsync(CampusStore store, string sql)
    {
        await using DbConnection connection = store.IsSqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection(store.SqlConnectionString)
            : new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The repository root (the folder of CampusOps.sln), found upwards from the working folder or the bench's own folder.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CampusOps.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("CampusOps.sln not found above the working folder or the bench");
    }

    /// <summary>The demo campus (Huajing Experimental School, <c>hj</c>): ops/demo/campus.json and its roster.</summary>
    public static CampusManifest DemoCampus()
    {
        var loaded = ManifestLoader.LoadFiles(Path.Combine(RepoRoot(), "ops", "demo", "campus.json"));
        return loaded.Manifest ?? throw new InvalidOperationException("the demo manifest does not load: " + string.Join("; ", loaded.Errors));
    }
}

/// <summary>Outputs go nowhere: the benchmarks measure the entities, not a subscriber.</summary>
internal sealed class NoOutputs : IEntityOutputSink
{
    public void Publish(EntityOutput output)
    {
    }
}

/// <summary>
/// Fresh stores for one benchmark: SQLite files in a temporary folder, PostgreSQL databases on one
/// throwaway server (started on first use, or <c>CAMPUS_TEST_POSTGRES</c>). Dispose deletes them.
/// </summary>
internal sealed class BenchStores : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("campus-bench-").FullName;
    private PostgresServer? _server;
    private int _files;

    /// <summary>The PostgreSQL server (started on first use).</summary>
    public async Task<PostgresServer> PostgresAsync() => _server ??= await PostgresServer.StartAsync();

    /// <summary>A fresh, empty store of <paramref name="provider"/> (<c>sqlite</c> or <c>postgres</c>).</summary>
    public async Task<CampusStore> CreateAsync(string provider, string name) => provider switch
    {
        "sqlite" => new CampusStore("sqlite", Path.Combine(_folder, $"{name}-{Interlocked.Increment(ref _files)}.db")),
        "postgres" => new CampusStore("postgres", await (await PostgresAsync()).CreateDatabaseAsync(name)),
        _ => throw new ArgumentException($"unknown store '{provider}'", nameof(provider)),
    };

    /// <summary>A fresh, empty PostgreSQL database (for the raw baselines).</summary>
    public async Task<string> CreatePostgresDatabaseAsync(string name) => await (await PostgresAsync()).CreateDatabaseAsync(name);

    /// <summary>Closes pooled SQLite connections so that the files can be deleted or reopened by a new node.</summary>
    public static void ReleaseSqliteFiles() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        ReleaseSqliteFiles();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is left for the OS to clean.
        }
    }
}
