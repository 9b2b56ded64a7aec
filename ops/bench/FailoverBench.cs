using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Failover: three host processes on one throwaway PostgreSQL form a cluster (<see cref="HostCluster"/>);
/// the node hosting the demo campus is killed with SIGKILL while a device keeps sending scans of
/// that campus to a survivor, and the figure is the time from the kill until the first scan sent
/// after it is answered 202 (stored by the campus, now on a survivor). Measured with the
/// <c>Campus:Cluster</c> defaults and, as the baseline in the same run, with Akka's own defaults
/// (heartbeat 1 s, acceptable pause 3 s, stable-after 20 s, down-removal margin = stable-after).
/// Not in <c>all</c>: each run starts three hosts. BENCH_FAILOVER_RUNS (2) runs of each; the
/// median is reported, every run is logged. The device gives up on a request after 2 s and sends
/// again 100 ms later, so the figure is at most ~2 s above the moment the campus answered again.
/// </summary>
internal static class FailoverBench
{
    private static readonly DateTimeOffset SimulatedStart = new(2026, 11, 25, 20, 0, 0, TimeSpan.FromHours(8));

    private static readonly string[] AkkaDefaults =
    [
        "Campus:Cluster:HeartbeatInterval=00:00:01", "Campus:Cluster:AcceptableHeartbeatPause=00:00:03",
        "Campus:Cluster:StableAfter=00:00:20", "Campus:Cluster:DownRemovalMargin=00:00:20",
    ];

    /// <summary>Settings for the tuned runs besides the defaults (BENCH_FAILOVER_SETTINGS, ';'-separated Key=Value), to try other timings.</summary>
    private static readonly string[] Tuned = Bench.Env("BENCH_FAILOVER_SETTINGS", "").Split(';', StringSplitOptions.RemoveEmptyEntries);

    public static async Task RunAsync(Report report)
    {
        var runs = Bench.Env("BENCH_FAILOVER_RUNS", 2);
        await using var server = await PostgresServer.StartAsync();
        var tuned = new List<double>();
        var defaults = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            tuned.Add(await FailOverOnceAsync(server, Tuned, $"tuned #{run}"));
            // BENCH_FAILOVER_BASELINE=0 skips the baseline (trying timings; no row is reported then).
            if (Bench.Env("BENCH_FAILOVER_BASELINE", 1) != 0) defaults.Add(await FailOverOnceAsync(server, AkkaDefaults, $"Akka defaults #{run}"));
        }
        if (defaults.Count == 0) return;
        report.Row($"failover: kill -9 of a campus's node until its next scan is stored, 3 nodes (median of {runs})", Bench.Median(tuned), "s",
            "Akka's default timings", Bench.Median(defaults));
    }

    private static async Task<double> FailOverOnceAsync(PostgresServer server, string[] timings, string label)
    {
        var folder = Directory.CreateTempSubdirectory("campus-bench-failover-").FullName;
        var database = await server.CreateDatabaseAsync("failover");
        try
        {
            await using var cluster = await HostCluster.StartAsync(BenchHost.HostDll(), folder, database, 3,
            [
                "Campus:Demo=true", "Campus:Clock=simulated", $"Campus:SimulatedStart={SimulatedStart:O}", "Campus:Traffic=false",
                "Campus:DeviceRequestsPerSecond=100000", "Serilog:MinimumLevel:Override:Campus.Host.Requests=Warning", .. timings,
            ]);
            int? host = null;
            while (host is null) host = await cluster.HostOfAsync("hj", cluster[0]!);
            var survivor = cluster[(host.Value + 1) % cluster.Count]!;
            var student = (string)survivor.Demo["samples"]!["boardingStudent"]!["id"]!;
            using var device = survivor.DeviceClient("gate-north-reader");
            // A request caught in the hand-over waits for the entities' ask timeout (10 s) before its
            // 503; a device that gives up after 2 s and sends again sees the campus back sooner.
            device.Timeout = TimeSpan.FromSeconds(2);
            var sent = 0;
            async Task<bool> ScanAsync()
            {
                var scan = new Dictionary<string, object?>
                {
                    ["eventId"] = $"failover-{sent}", ["deviceId"] = "gate-north-reader", ["type"] = "access", ["personId"] = student,
                    ["direction"] = sent % 2 == 0 ? "in" : "out", ["occurredAt"] = SimulatedStart.AddSeconds(sent).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
                };
                sent++;
                try
                {
                    using var response = await device.PostAsJsonAsync("/api/v1/events", scan);
                    return response.StatusCode == HttpStatusCode.Accepted;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            }
            if (!await ScanAsync()) throw new InvalidOperationException("the campus did not take a scan before the kill");
            await cluster.KillAsync(host.Value);
            var sinceKill = Stopwatch.StartNew();
            while (!await ScanAsync())
            {
                // As a device does: send again shortly (a 503 says so; a node that does not answer too).
                await Task.Delay(100);
            }
            var seconds = sinceKill.Elapsed.TotalSeconds;
            Bench.Log($"failover {label}: node {host} killed, scans of hj stored again after {seconds:0.0} s ({sent} sent)");
            return seconds;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a process that is going away: the temporary folder stays.
            }
        }
    }
}
