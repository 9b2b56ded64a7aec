using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Campus.TestKit;

namespace Campus.Host.Tests;

/// <summary>
/// "202 means durable" for the real host: scans of many students arrive at a gate reader from
/// several clients while the host process is killed with SIGKILL; after a restart on the same
/// files, every scan that was answered 202 has moved its student (through device, gate and
/// student entities, tells between them included) and none was applied twice.
/// </summary>
public sealed class HostCrashTests : IDisposable
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 25, 7, 0, 0, TimeSpan.FromHours(8));
    private readonly string _folder = Directory.CreateTempSubdirectory("campus-host-kill-").FullName;

    [Fact]
    public async Task Killing_the_host_while_scans_arrive_loses_no_acknowledged_scan_and_doubles_none()
    {
        string[] settings =
        [
            $"Campus:ConnectionString={Path.Combine(_folder, "campus.db")}", $"Campus:DataFolder={_folder}",
            "Campus:Demo=true", "Campus:Clock=simulated", $"Campus:SimulatedStart={Morning:O}", "Campus:Traffic=false",
            $"Campus:DemoFile={Path.Combine(_folder, "demo.json")}", "Campus:DeviceRequestsPerSecond=100000",
        ];
        var acknowledged = new ConcurrentBag<string>();
        await using (var host = await HostProcess.StartAsync(HostDll, _folder, settings))
        {
            using var stop = new CancellationTokenSource();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, 4).Select(w => ScanAsync(host, w, acknowledged, enough, stop.Token)).ToArray();
            // Killed in the middle of the stream: once 120 scans are acknowledged, others are in flight.
            await Task.WhenAny(enough.Task, Task.WhenAll(writers)).WaitAsync(TimeSpan.FromSeconds(60));
            await host.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
        Assert.True(acknowledged.Count >= 120, $"only {acknowledged.Count} scans were acknowledged before the kill");

        await using var again = await HostProcess.StartAsync(HostDll, _folder, settings);
        using var admin = await again.SignedInClientAsync("admin");
        var token = (await admin.GetFromJsonAsync<JsonObject>("/api/v1/auth/antiforgery"))!["token"]!.GetValue<string>();
        admin.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
        using (var settle = await admin.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = "00:00:00" }))
            Assert.Equal(HttpStatusCode.OK, settle.StatusCode);

        foreach (var student in acknowledged)
        {
            var timeline = (await admin.GetFromJsonAsync<JsonArray>($"/api/v1/campuses/hj/students/{student}/timeline?date=2026-11-25"))!;
            var arrivals = timeline.Count(e => (string?)e!["what"] == "moved" && (string?)e["to"] == "on-campus");
            Assert.True(arrivals == 1, $"{student}: {arrivals} arrivals in the timeline");
        }
    }

    /// <summary>One writer: a scan in of one student at a time (its own students, S1001 + 4k + w), until stopped or the host dies.</summary>
    private static async Task ScanAsync(HostProcess host, int writer, ConcurrentBag<string> acknowledged, TaskCompletionSource enough, CancellationToken stop)
    {
        using var device = host.DeviceClient("gate-north-reader");
        for (var n = writer; n < 640 && !stop.IsCancellationRequested; n += 4)
        {
            var student = $"S{1001 + n}";
            try
            {
                using var response = await device.PostAsJsonAsync("/api/v1/events",
                    CampusHostFactory.Access("gate-north-reader", student, Morning.AddSeconds(n), eventId: $"kill-{student}"), stop);
                if (response.StatusCode == HttpStatusCode.Accepted) acknowledged.Add(student);
                if (acknowledged.Count >= 120) enough.TrySetResult();
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                return; // the host was killed
            }
        }
    }

    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Campus.Host.dll");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
