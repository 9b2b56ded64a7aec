using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Alert latency across nodes: three host processes on one throwaway PostgreSQL form a cluster
/// (<see cref="HostCluster"/>). A probe (an unknown face at a gate or dorm reader: an intruder
/// alert of its own per place and hour) is posted to a node that does not host the demo campus,
/// and its alert is awaited at a SignalR client connected to the third node: the scan crosses to
/// the campus's node, the alert comes back through DistributedPubSub to the client's node. The
/// baseline, in the same run and the same cluster: probes posted to the campus's own node and
/// awaited at a client connected to it. The probes alternate, one every 100 ms; every round of
/// probes moves all nodes' simulated clocks an hour. BENCH_LATENCY_SAMPLES (100) of each.
/// </summary>
internal static class ClusterLatencyBench
{
    private static readonly DateTimeOffset SimulatedStart = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(Report report)
    {
        var samples = Bench.Env("BENCH_LATENCY_SAMPLES", 100);
        await using var server = await PostgresServer.StartAsync();
        var folder = Directory.CreateTempSubdirectory("campus-bench-cluster-latency-").FullName;
        await using var cluster = await HostCluster.StartAsync(BenchHost.HostDll(), folder, await server.CreateDatabaseAsync("cluster_latency"), 3,
        [
            "Campus:Demo=true", "Campus:Clock=simulated", $"Campus:SimulatedStart={SimulatedStart:O}", "Campus:Traffic=false",
            "Campus:DeviceRequestsPerSecond=100000", "Serilog:MinimumLevel:Override:Campus.Host.Requests=Warning",
        ]);
        int? hosting = null;
        while (hosting is null) hosting = await cluster.HostOfAsync("hj", cluster[0]!);
        var home = cluster[hosting.Value]!;
        var sender = cluster[(hosting.Value + 1) % 3]!;
        var watcher = cluster[(hosting.Value + 2) % 3]!;
        var demo = JsonSerializer.Deserialize<BenchHost.DemoFile>(await File.ReadAllTextAsync(cluster.DemoFile), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var security = demo.Accounts.Single(a => a.Role == "security");

        var waiting = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        async Task<SignalRJsonClient> WatchAsync(HostProcess node)
        {
            var hub = await SignalRJsonClient.ConnectAsync(node.BaseAddress, "/hubs/campus", await BenchHost.SessionCookieAsync(node.BaseAddress, security));
            hub.Received = (target, argument, at) =>
            {
                if (!target.Equals("alert", StringComparison.OrdinalIgnoreCase) || argument.GetProperty("version").GetInt32() != 1) return;
                var key = node.BaseAddress + "|" + argument.GetProperty("locationId").GetString();
                if (waiting.TryRemove(key, out var probe)) probe.TrySetResult(at);
            };
            return hub;
        }
        await using var atHome = await WatchAsync(home);
        await using var atWatcher = await WatchAsync(watcher);
        await Task.Delay(500); // the connections' group joins land

        var readers = demo.Devices.Where(d => d.Kind is "gate-reader" or "dorm-reader").ToArray();
        var crossNode = new List<double>();
        var sameNode = new List<double>();
        var missed = 0;
        var now = SimulatedStart;
        var clock = TimeProvider.System;
        using var post = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        for (var i = -readers.Length; i < 2 * samples; i++) // the first round warms up and is not counted
        {
            var slot = (i + readers.Length) % readers.Length;
            if (slot == 0 && i > -readers.Length)
            {
                now = now.AddHours(1);
                foreach (var node in cluster.Running)
                {
                    using var moved = await (await cluster.AdminAsync(node)).PostAsJsonAsync("/api/v1/sim/clock", new { advanceTo = now });
                    moved.EnsureSuccessStatusCode();
                }
            }
            await Task.Delay(100);
            var cross = i % 2 == 0;
            var (to, at) = cross ? (sender, watcher) : (home, home);
            var reader = readers[slot];
            var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[at.BaseAddress + "|" + reader.Location] = arrived;
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(to.BaseAddress, "/api/v1/events"))
            {
                Content = new StringContent(DeviceEvents.UnknownFace(reader, now.AddMinutes(1), $"probe-{i}"), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Device-Key", reader.Key);
            var sent = clock.GetTimestamp();
            using (var response = await post.SendAsync(request))
            {
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException($"probe answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            try
            {
                var latency = clock.GetElapsedTime(sent, await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10))).TotalMilliseconds;
                if (i >= 0) (cross ? crossNode : sameNode).Add(latency);
            }
            catch (TimeoutException)
            {
                waiting.TryRemove(at.BaseAddress + "|" + reader.Location, out _);
                if (i >= 0) missed++;
            }
        }
        Bench.Log($"cluster latency: {crossNode.Count} cross-node and {sameNode.Count} same-node alerts, {missed} missed");
        report.Row($"POST on node B → alert at a SignalR client on node C, campus on node A, p50 ({crossNode.Count} samples)", Bench.Percentile(crossNode, 0.50), "ms",
            "POST and client on the campus's node, p50", Bench.Percentile(sameNode, 0.50));
        report.Row($"same, p99 ({missed} missed in all)", Bench.Percentile(crossNode, 0.99), "ms", "POST and client on the campus's node, p99", Bench.Percentile(sameNode, 0.99));
    }
}
