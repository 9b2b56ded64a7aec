using System.Diagnostics;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Actors.Tests.Hosting;

/// <summary>
/// Kills a real process with SIGKILL in the middle of a stream of inputs (half of them forwarded
/// from one entity to another: a tell between entities), three times, then starts a node on the
/// same journal and checks that every acknowledged input was counted exactly once: nothing
/// acknowledged is lost, not even between one entity persisting and its tell to another, and
/// nothing is doubled.
/// </summary>
public abstract class CrashTests
{
    private const int AcksPerRun = 300;

    /// <summary>A fresh store for the driver and the check.</summary>
    protected abstract Task<CampusStore> CreateStoreAsync();

    [Fact]
    public async Task Killing_the_process_during_inputs_and_tells_loses_no_acknowledged_input_and_doubles_nothing()
    {
        var store = await CreateStoreAsync();
        var acked = new HashSet<string>();
        foreach (var run in new[] { "r1", "r2", "r3" })
            acked.UnionWith(await RunAndKillAsync(run, store));

        await using var harness = await EntityHarness.StartAsync(Samples.Behaviors, Samples.Codec, store: store);
        // Start every counter the driver used, so each sends what it still owes.
        for (var n = 0; n < 35; n++)
            await harness.Entities.PeekAsync(Campus.Actors.Entities.EntityId.Parse($"counter/c{n % 5}/k{n % 7}"));
        await harness.IdleAsync();

        var counted = (await harness.StoredOutputsAsync()).Select(s => s.Output).Where(o => o.Output is Added).ToList();
        var tags = counted.Select(o => ((Added)o.Output).Tag).ToList();
        Assert.Equal(tags.Count, tags.Distinct().Count());
        Assert.Empty(acked.Except(tags));
        // Each counter counted each of its inputs once: 1, 2, ..., n with no gap or repeat.
        foreach (var entity in counted.GroupBy(o => o.Entity))
            Assert.Equal(Enumerable.Range(1, entity.Count()).Select(i => (long)i), entity.Select(o => ((Added)o.Output).Count).Order());
    }

    private static async Task<HashSet<string>> RunAndKillAsync(string run, CampusStore store)
    {
        var driver = Path.Combine(AppContext.BaseDirectory.Replace("Campus.Actors.Tests", "Campus.CrashDriver", StringComparison.Ordinal), "Campus.CrashDriver.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { driver, run, store.Provider, store.ConnectionString }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var acked = new HashSet<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
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
            process.Kill(entireProcessTree: true); // SIGKILL: no graceful stop, writes and tells in flight are cut.
            await process.WaitForExitAsync();
        }
        return acked;
    }
}

public sealed class SqliteCrashTests : CrashTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("campus-crash-").FullName;

    protected override Task<CampusStore> CreateStoreAsync() => Task.FromResult(new CampusStore("sqlite", Path.Combine(_directory, "campus.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

[Collection("postgres")]
public sealed class PostgresCrashTests(PostgresFixture fixture) : CrashTests
{
    protected override async Task<CampusStore> CreateStoreAsync() => new("postgres", await fixture.Server.CreateDatabaseAsync("crash"));
}
