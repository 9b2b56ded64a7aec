using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Campus.Host.Tests.Hub;
using Campus.Host.Tests.Notifications;
using Campus.TestKit;
using Xunit.Abstractions;

namespace Campus.Host.Tests.Cluster;

/// <summary>
/// Three real host processes on one real PostgreSQL, joined as one Akka cluster (see
/// <see cref="HostCluster"/>): what the people at the wall display, the dorm supervisors and the
/// parents see when a node dies, when the nodes restart one by one, and when PostgreSQL restarts.
/// The demo campus starts on the first node (it forms the cluster alone), which is also the oldest
/// and so runs the cluster singletons (notification delivery, projections).
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>A school night: pine house's curfew is 21:30, its roll call 21:40.</summary>
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 20, 0, 0, TimeSpan.FromHours(8));

    private readonly string _folder = Directory.CreateTempSubdirectory("campus-cluster-").FullName;
    private WebhookReceiver _gateway = null!;

    /// <summary>This class's own server: one test stops and starts it.</summary>
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync()
    {
        _gateway = await WebhookReceiver.StartAsync();
        _postgres = await PostgresServer.StartAsync();
    }

    /// <summary>
    /// The node hosting the campus (and running the singletons) is killed while a dorm door's scans
    /// keep arriving at the other two: every scan answered 202 takes effect, the campus answers
    /// again from a survivor, the curfew timer due after the kill fires there and raises exactly
    /// the alerts it should, once each, and every guardian notice reaches the gateway once.
    /// </summary>
    [Fact]
    public async Task Killing_the_node_of_a_campus_loses_no_acknowledged_scan_and_doubles_no_alert_or_notice()
    {
        await using var cluster = await StartClusterAsync();
        var host = await cluster.HostOfAsync("hj", cluster[1]!);
        Assert.Equal(0, host);
        Assert.Equal(cluster.Address(0), (string?)(await cluster.ViewAsync(cluster[1]!))["oldest"]);

        var pine = Roster().Where(s => s.Dorm == "dorm-pine").Select(s => s.Id).ToList();
        var stayOut = pine.Take(10).ToHashSet();
        var comeBack = pine.Skip(10).ToList();
        await AdvanceAllAsync(cluster, Evening.AddMinutes(30));

        // Everyone in pine house leaves it at 20:05; ten never come back before curfew.
        using (var door = cluster[1]!.DeviceClient("dorm-pine-reader"))
        {
            var outs = pine.Select((s, i) => CampusHostFactory.Access("dorm-pine-reader", s, Evening.AddMinutes(5).AddSeconds(i), "out", $"out-{s}")).ToList();
            using var response = await door.PostAsJsonAsync("/api/v1/events", outs);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // The others come back from 20:10, one scan each, through the two other nodes; a scan not
        // answered 202 is sent again (same event id) until it is, as a device does.
        var killed = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answeredAfterKill = new ConcurrentBag<double>();
        var acknowledged = new ConcurrentBag<string>();
        var aThird = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            using var door = cluster[1 + w]!.DeviceClient("dorm-pine-reader");
            door.Timeout = TimeSpan.FromSeconds(30);
            for (var i = w; i < comeBack.Count; i += 2)
            {
                var scan = CampusHostFactory.Access("dorm-pine-reader", comeBack[i], Evening.AddMinutes(10).AddSeconds(2 * i), "in", $"in-{comeBack[i]}");
                while (true)
                {
                    var sent = killed.Task.IsCompleted ? killed.Task.Result.Elapsed.TotalSeconds : (double?)null;
                    try
                    {
                        using var response = await door.PostAsJsonAsync("/api/v1/events", scan);
                        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests,
                            $"a scan was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            acknowledged.Add(comeBack[i]);
                            if (acknowledged.Count >= comeBack.Count / 3) aThird.TrySetResult();
                            if (sent is not null) answeredAfterKill.Add(killed.Task.Result.Elapsed.TotalSeconds);
                            break;
                        }
                    }
                    catch (TaskCanceledException)
                    {
                        // No answer in 30 s: send it again.
                    }
                }
            }
        })).ToArray();

        await Task.WhenAny(Task.WhenAll(writers), aThird.Task);
        var sinceKill = Stopwatch.StartNew();
        await cluster.KillAsync(0);
        killed.SetResult(sinceKill);
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine($"{acknowledged.Count} scans acknowledged; the first answered {answeredAfterKill.DefaultIfEmpty(0).Min():0.0} s after the kill");
        Assert.Equal(comeBack.Count, acknowledged.Count);
        Assert.Contains(await cluster.HostOfAsync("hj", cluster[1]!), new int?[] { 1, 2 });

        // Past curfew on the survivors' clocks: the dorm's curfew timer fires where the campus now runs.
        await AdvanceAllAsync(cluster, Evening.AddMinutes(105));
        using var admin = await cluster[2]!.SignedInClientAsync("admin");
        var curfew = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/alerts?status=all&kind=curfew-missing"))!;
        // Only Pine House is in the script: the other dorms' boarders never scanned in tonight.
        var subjects = curfew.Where(a => (string?)a!["locationId"] == "dorm-pine").Select(a => (string)a!["subject"]!["id"]!).ToList();
        Assert.Equal(stayOut.Order(), subjects.Order());

        // Every guardian notice the campus wrote reaches the gateway, once per delivery id.
        var receipts = await EventuallyAsync(async () => (await admin.GetFromJsonAsync<JsonArray>("/api/v1/admin/notifications?limit=5000"))!,
            r => r.Count > 0 && r.Where(x => (string?)x!["channel"] == "webhook").All(x => (string?)x!["status"] == "delivered"), "every webhook delivery");
        var webhook = receipts.Where(r => (string?)r!["channel"] == "webhook").Select(r => (string)r!["deliveryId"]!).ToHashSet();
        Assert.Equal(webhook.Order(), _gateway.Delivered.Keys.Order());
        var noticesPerStudentAndKind = receipts.GroupBy(r => ((string)r!["studentId"]!, (string)r!["kind"]!)).Select(g => g.Select(r => (string)r!["noticeId"]!).Distinct().Count());
        Assert.All(noticesPerStudentAndKind, n => Assert.Equal(1, n));
        Assert.Contains(receipts, r => (string?)r!["kind"] == "dorm-check-in" && comeBack.Contains((string)r!["studentId"]!));
    }

    /// <summary>A wall display connected to one node receives the alert of a campus running on another (the real SignalR client).</summary>
    [Fact]
    public async Task A_wall_display_on_one_node_receives_an_alert_raised_on_another()
    {
        await using var cluster = await StartClusterAsync();
        Assert.Equal(0, await cluster.HostOfAsync("hj", cluster[2]!));
        var node = cluster[2]!;
        var security = node.Demo["accounts"]!.AsArray().Single(a => (string?)a!["role"] == "security")!;
        var gate = node.Demo["devices"]!.AsArray().Single(d => (string?)d!["id"] == "gate-north-reader")!;
        var result = await HubClientScript.RunAsync("alert-roundtrip.mjs",
            [node.BaseAddress.ToString().TrimEnd('/'), "hj", (string)security["userName"]!, (string)security["password"]!, "gate-north-reader", (string)gate["key"]!],
            TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.StandardError);
        var seen = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal("intruder", (string?)seen["raised"]!["kind"]);
        Assert.Equal("acknowledged", (string?)seen["acknowledged"]!["status"]);
    }

    /// <summary>
    /// Every node is stopped (SIGTERM) and started again, one at a time, while scans keep arriving:
    /// a client that goes to another node when one is down gets no answer but 202, 429 or 503, and
    /// every scan it had acknowledged takes effect once.
    /// </summary>
    [Fact]
    public async Task A_rolling_restart_of_every_node_under_load_loses_no_acknowledged_scan()
    {
        await using var cluster = await StartClusterAsync();
        await AdvanceAllAsync(cluster, Evening.AddMinutes(30));
        using var stream = ScanStream.Start(cluster);

        await stream.SendAsync(20);
        for (var i = 0; i < cluster.Count; i++)
        {
            // Forty scans on their way while the node leaves, forty more while it comes back.
            var leaving = stream.SendAsync(40);
            await cluster.StopAsync(i);
            await leaving;
            var joining = stream.SendAsync(40);
            await cluster.StartNodeAsync(i);
            await cluster.WaitForUpAsync(cluster.Count, TimeSpan.FromSeconds(90));
            await joining;
        }
        await stream.StopAsync();
        output.WriteLine($"{stream.Acknowledged.Count} scans acknowledged; answers: {stream.Answers}");
        Assert.All(stream.Statuses, status => Assert.Contains(status, new[] { 202, 429, 503 }));
        await AssertInDormOnceAsync(cluster, stream.Acknowledged);
    }

    /// <summary>
    /// PostgreSQL is stopped (every connection cut) and started again while scans arrive: clients
    /// get 503 or 429 with Retry-After meanwhile, never 500, and the cluster takes scans again by
    /// itself; every scan acknowledged before, during or after takes effect.
    /// </summary>
    [Fact]
    public async Task PostgreSQL_restarting_under_load_answers_503_or_429_and_the_cluster_recovers()
    {
        await using var cluster = await StartClusterAsync();
        await AdvanceAllAsync(cluster, Evening.AddMinutes(30));
        using var stream = ScanStream.Start(cluster);

        await stream.SendAsync(20);
        // Every other boarder's scan on its way while the database stops: the stream is still
        // sending (and retrying) when it is gone.
        var rest = stream.SendAsync(stream.Remaining);
        await _postgres.StopAsync();
        var before = stream.Acknowledged.Count;
        // While it is down the answers are 503 or 429 (checked below), not 500.
        await Task.WhenAny(stream.FirstRefusal, rest).WaitAsync(TimeSpan.FromSeconds(30));
        await _postgres.StartAgainAsync();
        var back = Stopwatch.StartNew();
        await rest.WaitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine($"all scans acknowledged {back.Elapsed.TotalSeconds:0.0} s after PostgreSQL came back; answers: {stream.Answers}");
        await stream.StopAsync();
        Assert.Contains(stream.Statuses, status => status is 503 or 429);
        Assert.All(stream.Statuses, status => Assert.Contains(status, new[] { 202, 429, 503 }));
        Assert.True(stream.Acknowledged.Count > before);
        await AssertInDormOnceAsync(cluster, stream.Acknowledged);
    }

    /// <summary>
    /// Dorm door scans, each boarder once (into their dorm), sent round-robin to the running nodes as
    /// the test asks for them (<see cref="SendAsync"/>). A scan answered 429/503 or lost to a node
    /// going down is sent again (same id) to the next node, as a device does; every answer's status
    /// is counted.
    /// </summary>
    private sealed class ScanStream : IDisposable
    {
        private readonly HostCluster _cluster;
        private readonly List<(string Student, string Reader)> _boarders;
        private readonly SemaphoreSlim _credits = new(0);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<int, int> _answers = new();
        private readonly ConcurrentQueue<string> _acknowledged = new();
        private readonly TaskCompletionSource _firstRefusal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Done)> _waiting = [];
        private int _requested;
        private Task _sending = Task.CompletedTask;

        private ScanStream(HostCluster cluster)
        {
            _cluster = cluster;
            _boarders = [.. Roster().Where(s => s.Dorm is not null).DistinctBy(s => s.Id).Select(s => (s.Id, s.Dorm + "-reader"))];
        }

        public static ScanStream Start(HostCluster cluster)
        {
            var stream = new ScanStream(cluster);
            stream._sending = Task.Run(stream.SendAllAsync);
            return stream;
        }

        /// <summary>The students whose scan was answered 202.</summary>
        public IReadOnlyCollection<string> Acknowledged => _acknowledged;

        /// <summary>Every status answered, once each.</summary>
        public IEnumerable<int> Statuses => _answers.Keys;

        public string Answers => string.Join(", ", _answers.Select(a => $"{a.Key}: {a.Value}"));

        /// <summary>Completes at the first answer other than 202.</summary>
        public Task FirstRefusal => _firstRefusal.Task;

        /// <summary>Boarders not yet asked for.</summary>
        public int Remaining => _boarders.Count - Volatile.Read(ref _requested);

        /// <summary>Sends <paramref name="count"/> more scans; completes when all of them are acknowledged.</summary>
        public Task SendAsync(int count)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate) _waiting.Add((Interlocked.Add(ref _requested, count), done));
            _credits.Release(count);
            return Task.WhenAny(done.Task, _sending).Unwrap().WaitAsync(TimeSpan.FromMinutes(2));
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _sending;
        }

        private async Task SendAllAsync()
        {
            var next = 0;
            foreach (var ((student, reader), n) in _boarders.Select((b, n) => (b, n)))
            {
                try
                {
                    await _credits.WaitAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                var scan = CampusHostFactory.Access(reader, student, Evening.AddMinutes(10).AddSeconds(n), "in", $"rr-{student}");
                while (!_stop.IsCancellationRequested)
                {
                    var nodes = _cluster.Running.ToList();
                    if (nodes.Count == 0) continue;
                    var node = nodes[next++ % nodes.Count];
                    try
                    {
                        using var device = node.DeviceClient(reader);
                        device.Timeout = TimeSpan.FromSeconds(30);
                        using var response = await device.PostAsJsonAsync("/api/v1/events", scan, _stop.Token);
                        _answers.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                        if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                            Assert.True(response.Headers.RetryAfter is not null, $"{(int)response.StatusCode} without Retry-After");
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            Acknowledge(student);
                            break;
                        }
                        _firstRefusal.TrySetResult();
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !_stop.IsCancellationRequested)
                    {
                        // The node went down or did not answer in time: the next one.
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }

        private void Acknowledge(string student)
        {
            _acknowledged.Enqueue(student);
            lock (_gate)
            {
                foreach (var waiter in _waiting.Where(w => w.Count <= _acknowledged.Count).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiting.Remove(waiter);
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _credits.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>Every student whose scan was acknowledged is in their dorm, with exactly one entry into it in their timeline.</summary>
    private static async Task AssertInDormOnceAsync(HostCluster cluster, IEnumerable<string> students)
    {
        var node = cluster.Running.First();
        await AdvanceAllAsync(cluster, null);
        using var admin = await node.SignedInClientAsync("admin");
        foreach (var student in students)
        {
            var timeline = (await admin.GetFromJsonAsync<JsonArray>($"/api/v1/campuses/hj/students/{student}/timeline?date=2026-11-25"))!;
            var entries = timeline.Count(e => (string?)e!["what"] == "moved" && ((string?)e["to"])?.StartsWith("dorm:", StringComparison.Ordinal) == true);
            Assert.True(entries == 1, $"{student}: {entries} entries into the dorm in the timeline: {timeline.ToJsonString()}");
        }
    }

    /// <summary>Moves every running node's simulated clock to <paramref name="to"/> (or not at all: a barrier) and waits until each has applied all it stored.</summary>
    private static async Task AdvanceAllAsync(HostCluster cluster, DateTimeOffset? to)
    {
        foreach (var node in cluster.Running)
        {
            var admin = await cluster.AdminAsync(node);
            object body = to is { } at ? new { advanceTo = at } : new { advanceBy = "00:00:00" };
            // As any client: a 503 (the database just came back) is sent again after its Retry-After.
            for (var attempt = 1; ; attempt++)
            {
                using var response = await admin.PostAsJsonAsync("/api/v1/sim/clock", body);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 10)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                break;
            }
        }
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"Timed out waiting for {what}; last reading: {value}");
            await Task.Delay(200);
        }
    }

    private async Task<HostCluster> StartClusterAsync()
    {
        var database = await _postgres.CreateDatabaseAsync("cluster");
        return await HostCluster.StartAsync(HostDll, _folder, database, 3,
        [
            "Campus:Demo=true", "Campus:Clock=simulated", $"Campus:SimulatedStart={Evening:O}", "Campus:Traffic=false",
            "Campus:DeviceRequestsPerSecond=100000", "Campus:SignInAttemptsPerMinute=10000",
            $"Campus:Notifications:WebhookUrl={_gateway.Url}", $"Campus:Notifications:WebhookSecret={WebhookReceiver.Secret}",
        ]);
    }

    /// <summary>The demo roster: each student once, with their dorm (null for day students).</summary>
    private static IReadOnlyList<(string Id, string? Dorm)> Roster() =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "demo", "roster.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => (cells[0], cells[4] == "yes" ? cells[5] : null))
            .DistinctBy(s => s.Item1)];

    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Campus.Host.dll");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _postgres.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the system cleans temporary folders.
        }
    }
}
