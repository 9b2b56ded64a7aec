using System.Net;
using System.Text;
using System.Text.Json;
using Campus.Actors;
using Campus.Actors.Devices;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// HTTP ingest throughput on PostgreSQL: the real host as its own process (Kestrel, demo campus,
/// simulated clock), N concurrent HTTP clients each posting batches of 100 events of one device
/// (half the batches known-student scans at the gate readers, half heartbeats of the other
/// devices) for a fixed time; events/s = accepted (durable, 202) / elapsed. Baseline, same run,
/// same server: binary COPY of as many journal rows (the same kind of events, each encoded as the
/// device entity journals it) into a plain table shaped like the journal's, 1,000 rows per
/// transaction (<see cref="RawCopy"/>). BENCH_INGEST_CLIENTS (default 16), BENCH_INGEST_SECONDS (default 20).
/// </summary>
public static class IngestBench
{
    private const int BatchSize = 100;
    private static readonly int Clients = Bench.Env("BENCH_INGEST_CLIENTS", 16);
    private static readonly int Seconds = Bench.Env("BENCH_INGEST_SECONDS", 20);

    public static async Task RunAsync(Report report)
    {
        await using var server = await PostgresServer.StartAsync();
        var hostDb = await server.CreateDatabaseAsync("bench_ingest");
        var copyDb = await server.CreateDatabaseAsync("bench_ingest_copy");

        long accepted, requests, refused;
        double seconds;
        await using (var host = await BenchHost.StartAsync(new CampusStore("postgres", hostDb)))
        {
            (accepted, requests, refused, seconds) = await PostAsync(host);
        }
        var rate = accepted / seconds;
        Console.Error.WriteLine($"ingest: {accepted:N0} events accepted in {requests:N0} requests ({refused:N0} refused) in {seconds:0.0} s, {Clients} clients");

        var at = BenchHost.SimulatedStart;
        var rows = new JournalRow[(int)Math.Min(accepted, 5_000_000)];
        await using (var encoder = new JournalEncoder(CampusDomain.Codec()))
        {
            var sequence = new Dictionary<string, long>();
            for (var i = 0; i < rows.Length; i++)
            {
                var device = i % 2 == 0 ? "gate-north-reader" : "cam-pond";
                var message = i % 2 == 0
                    ? new DeviceReported($"b-{i}", device, at, DeviceEventType.Access, DeviceEvents.Student(i), Direction.In)
                    : new DeviceReported($"b-{i}", device, at, DeviceEventType.Heartbeat);
                var input = CampusTraffic.Input("hj", message);
                var journaled = new EntityEvent(EventOrigin.Input, input.Source, input.EventId, 0, 0, input.OccurredAt, input.Message, []);
                var entity = input.Target.ToString();
                rows[i] = new JournalRow(entity, sequence[entity] = sequence.GetValueOrDefault(entity) + 1, encoder.Manifest(journaled), encoder.Encode(journaled));
            }
        }
        var copyRate = await RawCopy.RunAsync(copyDb, rows);
        report.Row($"HTTP ingest, PostgreSQL, {Clients} clients, batches of {BatchSize} (durable, 202), {Seconds} s", rate, "events/s", "raw binary COPY of as many journal rows, 1,000 rows/tx", copyRate);
    }

    private static async Task<(long Accepted, long Requests, long Refused, double Seconds)> PostAsync(BenchHost host)
    {
        var gates = host.Demo.Devices.Where(d => d.Kind == "gate-reader").ToArray();
        var others = host.Demo.Devices.Where(d => d.Kind != "gate-reader").ToArray();
        using var http = host.CreateClient(Clients);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var warmUp = TimeSpan.FromSeconds(3);
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        long accepted = 0, requests = 0, refused = 0;
        var stopAt = started + (long)((warmUp.TotalSeconds + Seconds) * clock.TimestampFrequency);
        var measureAt = started + (long)(warmUp.TotalSeconds * clock.TimestampFrequency);

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            long next = (long)client << 40;
            var round = 0;
            while (true)
            {
                var now = clock.GetTimestamp();
                if (now >= stopAt) break;
                var device = (client + round) % 2 == 0 ? gates[(client / 2 + round) % gates.Length] : others[(client + round) % others.Length];
                round++;
                var body = DeviceEvents.Batch(device, BatchSize, BenchHost.SimulatedStart, $"{runId}-{client}", ref next);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Device-Key", device.Key);
                using var response = await http.SendAsync(request);
                var count = 0;
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    using var receipt = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                    count = receipt.RootElement.GetProperty("accepted").GetInt32();
                }
                else
                {
                    if ((int)response.StatusCode is not 429 and not 503)
                        throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    Interlocked.Increment(ref refused);
                }
                var done = clock.GetTimestamp();
                if (now >= measureAt && done <= stopAt)
                {
                    Interlocked.Add(ref accepted, count);
                    Interlocked.Increment(ref requests);
                }
            }
        })));
        return (accepted, requests, refused, (stopAt - measureAt) / (double)clock.TimestampFrequency);
    }
}
