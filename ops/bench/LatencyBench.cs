using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// Alert latency on PostgreSQL under load: the real host as its own process; a background load of
/// known-student gate scans and heartbeats paced at BENCH_LOAD (default 5,000 events/s, batches of
/// 100 from 5 clients); a SignalR client watching the campus. Every 100 ms one probe that raises a
/// new alert: an unknown face at a gate or dorm reader, tailgating at a gate (intruder alerts), a
/// person at the pond or the rooftop (restricted-zone); alerts are one per place and local hour, so
/// the simulated clock moves an hour after each round of the ten probes (the first round warms up
/// and is not counted). Latency = from sending the POST to
/// the arrival of the alert's first version on the socket. Baseline, same run: the round trip of
/// GET /healthz on the same host under the same load (HTTP alone, no storage, no runtime).
/// </summary>
public static class LatencyBench
{
    private static readonly int Samples = Bench.Env("BENCH_LATENCY_SAMPLES", 240);
    private static readonly int Load = Bench.Env("BENCH_LOAD", 5_000);
    private const int LoadClients = 5;
    private const int BatchSize = 100;

    public static async Task RunAsync(Report report)
    {
        await using var server = await PostgresServer.StartAsync();
        await using var host = await BenchHost.StartAsync(new CampusStore("postgres", await server.CreateDatabaseAsync("bench_latency")));
        using var http = await host.CreateSignedInClientAsync(LoadClients + 2);
        var clock = TimeProvider.System;
        var nowTicks = BenchHost.SimulatedStart.UtcTicks; // the simulated now, read by the loaders
        var runId = Guid.NewGuid().ToString("N")[..8];

        var waiting = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        await using var hub = await SignalRJsonClient.ConnectAsync(host.BaseAddress, "/hubs/campus", (await host.SignInAsync()).Cookie);
        hub.Received = (target, argument, at) =>
        {
            if (!target.Equals("alert", StringComparison.OrdinalIgnoreCase)) return;
            if (argument.GetProperty("version").GetInt32() != 1) return;
            var key = argument.GetProperty("kind").GetString() + "@" + argument.GetProperty("locationId").GetString();
            if (waiting.TryRemove(key, out var probe)) probe.TrySetResult(at);
        };
        await hub.SendAsync("Watch", host.Demo.CampusId); // the server joins the campus group on connect; Watch only checks scope
        await Task.Delay(500); // let the connection's start-up (and its group join) land

        // Background load.
        using var stop = new CancellationTokenSource();
        long loadEvents = 0;
        var gates = host.Demo.Devices.Where(d => d.Kind == "gate-reader").ToArray();
        var others = host.Demo.Devices.Where(d => d.Kind is not "gate-reader" and not "dorm-reader").ToArray();
        var interval = TimeSpan.FromSeconds(BatchSize * LoadClients / (double)Load);
        var loadStarted = clock.GetTimestamp();
        var loaders = Enumerable.Range(0, LoadClients).Select(client => Task.Run(async () =>
        {
            long next = (long)client << 40;
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                var due = loadStarted + (long)(round * interval.TotalSeconds * clock.TimestampFrequency);
                var wait = clock.GetElapsedTime(clock.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    try { await Task.Delay(wait, stop.Token); } catch (OperationCanceledException) { break; }
                }
                var device = round % 2 == 0 ? gates[(client + round) % gates.Length] : others[(client + round) % others.Length];
                var body = DeviceEvents.Batch(device, BatchSize, new DateTimeOffset(Interlocked.Read(ref nowTicks), TimeSpan.Zero), $"{runId}-load{client}", ref next);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Device-Key", device.Key);
                using var response = await http.SendAsync(request, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    using var receipt = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                    Interlocked.Add(ref loadEvents, receipt.RootElement.GetProperty("accepted").GetInt32());
                }
            }
        })).ToArray();
        await Task.Delay(2_000);

        // Probes.
        // Ten alerts per simulated hour: an unknown face at each gate and dorm reader, tailgating at
        // each gate, a person at each hazard zone (pond, rooftop).
        var probes = new List<(BenchHost.DemoDevice Device, string Kind, Func<DateTimeOffset, string, string> Body)>();
        foreach (var device in host.Demo.Devices.Where(d => d.Kind is "gate-reader" or "dorm-reader"))
            probes.Add((device, "intruder", (at, id) => DeviceEvents.UnknownFace(device, at, id)));
        foreach (var device in host.Demo.Devices.Where(d => d.Kind is "gate-reader"))
            probes.Add((device, "intruder", (at, id) => DeviceEvents.Tailgate(device, at, id, 3)));
        foreach (var device in host.Demo.Devices.Where(d => d.Id is "cam-pond" or "cam-rooftop"))
            probes.Add((device, "restricted-zone", (at, id) => DeviceEvents.PersonInZone(device, at, id)));
        var latencies = new List<double>();
        var health = new List<double>();
        var measureStarted = clock.GetTimestamp();
        var loadAtStart = Interlocked.Read(ref loadEvents);
        var missed = 0;
        for (var i = -probes.Count; i < Samples; i++) // the first round warms up and is not counted
        {
            if (i > -probes.Count && (i + probes.Count) % probes.Count == 0)
            {
                var advancing = clock.GetTimestamp();
                using var moved = await http.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = "01:00:00" });
                moved.EnsureSuccessStatusCode();
                var reading = await moved.Content.ReadFromJsonAsync<JsonElement>();
                Interlocked.Exchange(ref nowTicks, reading.GetProperty("now").GetDateTimeOffset().UtcTicks);
                if (Verbose) Console.Error.WriteLine($"clock moved an hour in {clock.GetElapsedTime(advancing).TotalMilliseconds:0} ms");
            }
            await Task.Delay(100);
            var (reader, kind, probeBody) = probes[(i + probes.Count) % probes.Count];
            var key = kind + "@" + reader.Location;
            var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[key] = arrived;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
            {
                Content = new StringContent(probeBody(new DateTimeOffset(Interlocked.Read(ref nowTicks), TimeSpan.Zero), $"{runId}-probe-{i}"), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Device-Key", reader.Key);
            var sent = clock.GetTimestamp();
            using (var response = await http.SendAsync(request))
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException($"probe answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            try
            {
                var at = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
                var latency = clock.GetElapsedTime(sent, at).TotalMilliseconds;
                if (i >= 0) latencies.Add(latency);
                if (Verbose) Console.Error.WriteLine($"probe {i} ({key}): {latency:0.0} ms");
            }
            catch (TimeoutException)
            {
                waiting.TryRemove(key, out _);
                if (i >= 0) missed++;
                if (Verbose) Console.Error.WriteLine($"probe {i} ({key}): no alert in 10 s");
            }
            var pinged = clock.GetTimestamp();
            using (await http.GetAsync("/healthz"))
                if (i >= 0) health.Add(clock.GetElapsedTime(pinged).TotalMilliseconds);
            if (i == -1)
            {
                measureStarted = clock.GetTimestamp();
                loadAtStart = Interlocked.Read(ref loadEvents);
            }
        }
        var measured = clock.GetElapsedTime(measureStarted).TotalSeconds;
        var achieved = (Interlocked.Read(ref loadEvents) - loadAtStart) / measured;
        await stop.CancelAsync();
        await Task.WhenAll(loaders);

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency: {latencies.Count} alerts ({missed} missed) in {measured:0.0} s; background load achieved {achieved:N0} events/s of {Load:N0}"));
        var load = $"{Report.Format(achieved)} events/s background";
        report.Row($"POST → alert at a SignalR client, p50, under {load}", Bench.Percentile(latencies, 0.50), "ms", "GET /healthz round trip, p50", Bench.Percentile(health, 0.50));
        report.Row($"POST → alert at a SignalR client, p99 ({latencies.Count} samples, {missed} missed)", Bench.Percentile(latencies, 0.99), "ms", "GET /healthz round trip, p99", Bench.Percentile(health, 0.99));
    }

    private static bool Verbose => Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null;
}
