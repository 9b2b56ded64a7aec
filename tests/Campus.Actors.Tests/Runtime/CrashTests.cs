using System.Diagnostics;
using Campus.Actors.Runtime;
using Campus.Actors.Storage.Postgres;
using Campus.Actors.Tests.Storage;
using Campus.TestKit;

namespace Campus.Actors.Tests.Runtime;

/// <summary>
/// Kills a real process with SIGKILL in the middle of a stream of appends, restarts on the same
/// store and checks that every acknowledged input was applied exactly once.
/// </summary>
public abstract class CrashTests
{
    private const int AcksPerRun = 300;

    /// <summary>The provider name and its target (a file path or a connection string) for a fresh store.</summary>
    protected abstract Task<(string Provider, string Target)> CreateStoreAsync();

    protected abstract IShardStore OpenStore(string target);

    [Fact]
    public async Task Killing_the_process_during_appends_loses_no_acknowledged_input_and_doubles_nothing()
    {
        var (provider, target) = await CreateStoreAsync();
        var acked = new HashSet<string>();
        foreach (var run in new[] { "r1", "r2", "r3" })
            acked.UnionWith(await RunAndKillAsync(run, provider, target));

        await using var store = OpenStore(target);
        var options = new RuntimeOptions { ShardCount = 4 };
        await using var runtime = new EntityRuntime(store, Samples.Behaviors(), Samples.Codec(), options);
        await runtime.StartAsync();
        await runtime.WhenIdleAsync();

        var applied = new List<(string Entity, Added Added, string OutputId)>();
        for (var shard = 0; shard < options.ShardCount; shard++)
        {
            var after = 0L;
            while (true)
            {
                var page = await store.ReadOutputsAsync(shard, after, 1000);
                if (page.Count == 0) break;
                applied.AddRange(page.Select(o => (o.EntityId, (Added)runtime.Codec.Decode(o.OutputType, o.Payload), o.OutputId)));
                after = page[^1].Offset;
            }
        }

        // Every acknowledged input was applied; no input was applied twice (not even under another id).
        var tags = applied.Select(a => a.Added.Tag).ToList();
        Assert.Equal(tags.Count, tags.Distinct().Count());
        Assert.Empty(acked.Except(tags));
        Assert.Equal(applied.Count, applied.Select(a => a.OutputId).Distinct().Count());
        // Each counter counted each of its inputs once: 1, 2, ..., n with no gap or repeat.
        foreach (var entity in applied.GroupBy(a => a.Entity))
            Assert.Equal(Enumerable.Range(1, entity.Count()).Select(i => (long)i), entity.Select(a => a.Added.Count).Order());
    }

    private static async Task<HashSet<string>> RunAndKillAsync(string run, string provider, string target)
    {
        var driver = Path.Combine(AppContext.BaseDirectory.Replace("Campus.Actors.Tests", "Campus.CrashDriver", StringComparison.Ordinal), "Campus.CrashDriver.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { driver, run, provider, target }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var acked = new HashSet<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            while (acked.Count < AcksPerRun)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                    ?? throw new InvalidOperationException($"The driver exited early: {await process.StandardError.ReadToEndAsync()}");
                if (line.StartsWith("ack ", StringComparison.Ordinal)) acked.Add(line[4..]);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true); // SIGKILL: no graceful stop, no final checkpoint.
            await process.WaitForExitAsync();
        }
        return acked;
    }
}

public sealed class SqliteCrashTests : CrashTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("campus-crash-").FullName;

    protected override Task<(string Provider, string Target)> CreateStoreAsync() =>
        Task.FromResult(("sqlite", Path.Combine(_directory, "campus.db")));

    protected override IShardStore OpenStore(string target) => new Campus.Actors.Storage.Sqlite.SqliteShardStore(target);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

[Collection("postgres")]
public sealed class PostgresCrashTests(PostgresFixture fixture) : CrashTests
{
    protected override async Task<(string Provider, string Target)> CreateStoreAsync() =>
        ("postgres", await fixture.Server.CreateDatabaseAsync("crash"));

    protected override IShardStore OpenStore(string target) => new PostgresShardStore(target);
}
