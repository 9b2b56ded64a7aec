using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Campus.Host.Campus;
using Campus.Host.Notifications;
using Campus.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Campus.Host.Tests.Notifications;

/// <summary>
/// Guardian notices from gate scans to a real local gateway (Kestrel on loopback): signatures,
/// retries after 500s, dead-letter and admin retry, quiet hours, a hanging gateway, and a host
/// process killed mid-delivery.
/// </summary>
public sealed class NotificationDeliveryTests
{
    /// <summary>A school day (Wednesday) at 07:15 campus time; scans at 07:10 are arrivals.</summary>
    private static readonly DateTimeOffset Morning = new(2026, 11, 25, 7, 15, 0, TimeSpan.FromHours(8));

    private static readonly DateTimeOffset ScanAt = Morning.AddMinutes(-5);

    /// <summary>A day student of the demo roster with two guardians who want every notice.</summary>
    private const string Student = "S1004";

    private static readonly string[] Guardians = ["G1004-1", "G1004-2"];

    /// <summary>Another day student (one guardian), for a barrier.</summary>
    private const string OtherStudent = "S1009";

    internal static CampusHostFactory Host(WebhookReceiver receiver, params (string Key, string Value)[] more) => Host(null, receiver, more);

    internal static CampusHostFactory Host(string? postgres, WebhookReceiver receiver, params (string Key, string Value)[] more) => new(postgres, Morning,
    [
        ("Campus:Notifications:WebhookUrl", receiver.Url.ToString()),
        ("Campus:Notifications:WebhookSecret", WebhookReceiver.Secret),
        ("Campus:Notifications:PollInterval", "00:00:00.050"),
        ("Campus:Notifications:RetryDelay", "00:00:00.010"),
        .. more,
    ]);

    internal static async Task ArriveAsync(CampusHostFactory host, string student, DateTimeOffset at)
    {
        var response = await host.PostEventsAsync("gate-north-reader", CampusHostFactory.Access("gate-north-reader", student, at));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await host.SettleAsync();
    }

    internal static async Task<JsonArray> ReceiptsAsync(CampusHostFactory host, string? status = null)
    {
        using var client = host.CreateClient();
        return (await client.GetFromJsonAsync<JsonArray>("/api/v1/admin/notifications" + (status is null ? "" : "?status=" + status)))!;
    }

    internal static Task<JsonArray> ReceiptsWhenAsync(CampusHostFactory host, Func<JsonArray, bool> done, string what, string? status = null) =>
        CampusHostFactory.EventuallyAsync(() => ReceiptsAsync(host, status), done, what);

    private static IEnumerable<JsonNode> Of(JsonArray receipts, string student, string? channel = null) =>
        receipts.Where(r => (string?)r!["studentId"] == student && (channel is null || (string?)r["channel"] == channel))!;

    private static string WebhookId(string noticeId, string guardian) => NotificationDispatcher.DeliveryId(noticeId, guardian, WebhookChannel.Name);

    [Fact]
    public Task Each_guardian_gets_one_signed_message_per_channel_and_nothing_repeats() => OneSignedMessageEachAsync(null);

    /// <summary>Delivery end to end on a store (null: SQLite).</summary>
    internal static async Task OneSignedMessageEachAsync(string? postgres)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var host = Host(postgres, receiver);
        await ArriveAsync(host, Student, ScanAt);

        var receipts = await ReceiptsWhenAsync(host, r => Of(r, Student).Count(x => (string?)x["status"] == "delivered") == 4, "4 delivered receipts");
        Assert.Equal(4, Of(receipts, Student).Count());
        var noticeId = (string)Of(receipts, Student).First()["noticeId"]!;
        Assert.Equal(
            Guardians.SelectMany(g => new[] { NotificationDispatcher.DeliveryId(noticeId, g, "hub"), WebhookId(noticeId, g) }).Order(),
            Of(receipts, Student).Select(r => (string)r["deliveryId"]!).Order());
        Assert.All(Of(receipts, Student), r => Assert.Equal(1, (int)r["attempts"]!));

        var requests = receiver.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.All(requests, r => Assert.Equal(200, r.Status));
        var first = requests.Single(r => r.DeliveryId == WebhookId(noticeId, "G1004-1")).Json;
        Assert.Equal(noticeId, (string?)first["noticeId"]);
        Assert.Equal("hj", (string?)first["campusId"]);
        Assert.Equal(Student, (string?)first["studentId"]);
        Assert.Equal("G1004-1", (string?)first["guardianId"]);
        Assert.Equal("+86 139 2953 1004", (string?)first["contact"]);
        Assert.Equal("arrival", (string?)first["kind"]);
        Assert.Equal("gate-north", (string?)first["locationId"]);
        Assert.Equal("zh-CN", (string?)first["language"]);
        Assert.Equal("Sun Shan于07:10到达North Gate。", (string?)first["text"]);
        // The timestamp is the (simulated) campus clock's.
        Assert.InRange(requests[0].Timestamp, Morning.ToUnixTimeSeconds() - 1, Morning.ToUnixTimeSeconds() + 60);

        // A later notice is a barrier: once it is delivered, the dispatcher has passed the first again.
        await ArriveAsync(host, OtherStudent, ScanAt.AddMinutes(1));
        await ReceiptsWhenAsync(host, r => Of(r, OtherStudent, WebhookChannel.Name).Any(x => (string?)x["status"] == "delivered"), "the barrier's delivery");
        Assert.All(receiver.Requests, r => Assert.Equal(1, receiver.Requests.Count(x => x.DeliveryId == r.DeliveryId)));
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public Task A_gateway_answering_500_twice_gets_the_notice_on_the_third_attempt() => ThirdAttemptAsync(null);

    internal static async Task ThirdAttemptAsync(string? postgres)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, before) => Task.FromResult(before < 2 ? 500 : 200);
        using var host = Host(postgres, receiver);
        await ArriveAsync(host, Student, ScanAt);

        var receipts = await ReceiptsWhenAsync(host, r => Of(r, Student, WebhookChannel.Name).Count(x => (string?)x["status"] == "delivered") == 2, "2 delivered webhook receipts");
        Assert.All(Of(receipts, Student, WebhookChannel.Name), r => Assert.Equal(3, (int)r["attempts"]!));
        foreach (var id in Of(receipts, Student, WebhookChannel.Name).Select(r => (string)r["deliveryId"]!))
        {
            Assert.Equal([500, 500, 200], receiver.Requests.Where(r => r.DeliveryId == id).Select(r => r.Status));
            Assert.True(receiver.Delivered.ContainsKey(id));
        }
        Assert.Equal(0, receiver.DroppedRepeats);
    }

    [Fact]
    public async Task A_hanging_gateway_does_not_hold_up_notices_to_the_guardians_phones()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var gateway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Answer = async (_, _) =>
        {
            await gateway.Task;
            return 200;
        };
        using var host = Host(receiver, ("Campus:Notifications:WebhookTimeout", "00:05:00"));
        await ArriveAsync(host, Student, ScanAt);

        // Both guardians get the notice on the hub while the gateway still holds its first request.
        var receipts = await ReceiptsWhenAsync(host, r => Of(r, Student, NotificationDispatcher.HubChannel).Count(x => (string?)x["status"] == "delivered") == 2,
            "2 delivered hub receipts");
        Assert.All(Of(receipts, Student, WebhookChannel.Name), r => Assert.Equal("pending", (string?)r["status"]));

        gateway.SetResult();
        await ReceiptsWhenAsync(host, r => Of(r, Student, WebhookChannel.Name).Count(x => (string?)x["status"] == "delivered") == 2, "2 delivered webhook receipts");
    }

    [Fact]
    public async Task Repeated_failures_end_in_dead_letter_which_an_admin_sees_and_retries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _) => Task.FromResult(500);
        using var host = Host(receiver, ("Campus:Notifications:MaxAttempts", "4"), ("Campus:Notifications:RoundRetries", "1"),
            ("Campus:Notifications:RoundDelay", "00:01:00"));
        await ArriveAsync(host, OtherStudent, ScanAt);

        // Round one: two requests, then failed until the campus clock passes the next round's time.
        var failed = await ReceiptsWhenAsync(host, r => r.Count == 1, "a failed receipt", "failed");
        var id = (string)failed[0]!["deliveryId"]!;
        Assert.Equal(2, (int)failed[0]!["attempts"]!);
        Assert.Contains("500", (string?)failed[0]!["lastError"]);
        Assert.Equal(Morning.AddMinutes(1), failed[0]!["dueAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(5));
        Assert.Equal(2, receiver.Requests.Count);

        await host.AdvanceAsync(TimeSpan.FromMinutes(2));
        var dead = await ReceiptsWhenAsync(host, r => r.Count == 1, "a dead-letter receipt", "dead-letter");
        Assert.Equal(id, (string?)dead[0]!["deliveryId"]);
        Assert.Equal(4, (int)dead[0]!["attempts"]!);
        Assert.Equal(4, receiver.Requests.Count);
        Assert.Empty(receiver.Delivered);

        // Dead letters stay put while time passes.
        await host.AdvanceAsync(TimeSpan.FromHours(3));
        Assert.Single(await ReceiptsAsync(host, "dead-letter"));

        receiver.Answer = (_, _) => Task.FromResult(200);
        using var client = host.CreateClient();
        var retry = await client.PostAsync($"/api/v1/admin/notifications/{Uri.EscapeDataString(id)}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var delivered = await ReceiptsWhenAsync(host, r => r.Any(x => (string?)x!["deliveryId"] == id), "the retried delivery", "delivered");
        Assert.Equal(1, (int)delivered.Single(x => (string?)x!["deliveryId"] == id)!["attempts"]!);
        Assert.True(receiver.Delivered.ContainsKey(id));

        // A delivered receipt is not retried; an unknown one is 404; a bad status is 400.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/admin/notifications/{Uri.EscapeDataString(id)}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/admin/notifications/nope/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/admin/notifications?status=lost")).StatusCode);
    }

    [Fact]
    public async Task Quiet_hours_hold_a_notice_until_they_end()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var host = Host(receiver);
        // The first guardian asks for quiet until 07:30 and English (as a roster with guardian_quiet_from/to would say).
        var directory = host.Services.GetRequiredService<CampusDirectory>();
        var campus = directory.Find("hj")!;
        directory.Set(campus with
        {
            Students = [.. campus.Students.Select(s => s.Id != Student ? s : s with
            {
                Guardians = [.. s.Guardians.Select(g => g.Id != "G1004-1" ? g : g with { Language = "en", QuietFrom = new TimeOnly(22, 0), QuietTo = new TimeOnly(7, 30) })],
            })],
        });
        await ArriveAsync(host, Student, ScanAt);

        // The other guardian is told at once; the quiet one's receipts wait for 07:30.
        await ReceiptsWhenAsync(host, r => Of(r, Student).Count(x => (string?)x["guardianId"] == "G1004-2" && (string?)x["status"] == "delivered") == 2, "the other guardian's deliveries");
        var held = Of(await ReceiptsAsync(host), Student).Where(x => (string?)x["guardianId"] == "G1004-1").ToList();
        Assert.Equal(2, held.Count);
        Assert.All(held, r => Assert.Equal("pending", (string?)r["status"]));
        Assert.All(held, r => Assert.Equal(new DateTimeOffset(2026, 11, 25, 7, 30, 0, TimeSpan.FromHours(8)), r["dueAt"]!.GetValue<DateTimeOffset>()));
        Assert.DoesNotContain(receiver.Requests, r => r.Json["guardianId"]!.GetValue<string>() == "G1004-1");

        await host.AdvanceAsync(TimeSpan.FromMinutes(20));
        await ReceiptsWhenAsync(host, r => Of(r, Student).Count(x => (string?)x["status"] == "delivered") == 4, "the held deliveries after 07:30");
        var english = receiver.Requests.Single(r => r.Json["guardianId"]!.GetValue<string>() == "G1004-1").Json;
        Assert.Equal("en", (string?)english["language"]);
        Assert.Equal("Sun Shan arrived at North Gate at 07:10.", (string?)english["text"]);
    }

    [Fact]
    public async Task A_host_killed_mid_delivery_delivers_each_notice_once_after_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("campus-notify-kill-").FullName;
        string[] settings =
        [
            $"Campus:ConnectionString={Path.Combine(folder, "campus.db")}", $"Campus:DataFolder={folder}",
            "Campus:Demo=true", "Campus:Clock=simulated", $"Campus:SimulatedStart={Morning:O}", "Campus:Traffic=false",
            $"Campus:DemoFile={Path.Combine(folder, "demo.json")}",
            $"Campus:Notifications:WebhookUrl={receiver.Url}", $"Campus:Notifications:WebhookSecret={WebhookReceiver.Secret}",
            "Campus:Notifications:PollInterval=00:00:00.050", "Campus:Notifications:RetryDelay=00:00:00.010",
        ];
        try
        {
            var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            receiver.Answer = (_, _) =>
            {
                first.TrySetResult();
                return held.Task; // the gateway holds the first request open while the host dies
            };

            await using (var host = await HostProcess.StartAsync(HostDll, folder, settings))
            {
                await ArriveAsync(host, Student, ScanAt);
                await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
                await host.KillAsync();
            }

            // The held request now completes (the host is gone, nobody reads the 200): the crash window.
            held.SetResult(200);
            receiver.Answer = (_, _) => Task.FromResult(200);

            await using var again = await HostProcess.StartAsync(HostDll, folder, settings);
            using var admin = await again.SignedInClientAsync("admin");
            Task<JsonArray> ReadAsync() => admin.GetFromJsonAsync<JsonArray>("/api/v1/admin/notifications")!;
            var receipts = await CampusHostFactory.EventuallyAsync(ReadAsync!, r => Of(r, Student).Count(x => (string?)x["status"] == "delivered") == 4,
                "every receipt delivered after the restart");
            var ids = Of(receipts, Student, WebhookChannel.Name).Select(r => (string)r["deliveryId"]!).ToList();
            Assert.Equal(2, ids.Count);
            // De-duplicated by X-Campus-Delivery, the gateway has each delivery exactly once.
            Assert.Equal(ids.Order(), receiver.Requests.Select(r => r.DeliveryId).Distinct().Order());
            Assert.Equal(ids.Order(), receiver.Delivered.Keys.Order());
            Assert.Equal(1, receiver.DroppedRepeats);
            // The request cut by the kill was sent again with the same delivery id; nothing else repeated.
            Assert.Equal(3, receiver.Requests.Count);
            Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
            Assert.All(Of(receipts, Student), r => Assert.Equal(1, receipts.Count(x => (string?)x!["deliveryId"] == (string?)r["deliveryId"])));

            // A further barrier notice: nothing of the first notice is delivered again.
            await ArriveAsync(again, OtherStudent, ScanAt.AddMinutes(1));
            await CampusHostFactory.EventuallyAsync(ReadAsync!, r => Of(r, OtherStudent, WebhookChannel.Name).Any(x => (string?)x["status"] == "delivered"), "the barrier's delivery");
            Assert.Equal(4, receiver.Requests.Count);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open; the system cleans temporary folders.
            }
        }
    }

    /// <summary>The host built next to these tests.</summary>
    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Campus.Host.dll");

    /// <summary>A day student arrives at the north gate of a host process.</summary>
    private static async Task ArriveAsync(HostProcess host, string student, DateTimeOffset at)
    {
        using var device = host.DeviceClient("gate-north-reader");
        using var response = await device.PostAsJsonAsync("/api/v1/events", CampusHostFactory.Access("gate-north-reader", student, at));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}

/// <summary>Receipts and cursors on PostgreSQL: the same deliveries, a fresh database per test.</summary>
[Collection("host-postgres")]
public sealed class PostgresNotificationDeliveryTests(HostPostgresFixture fixture)
{
    [Fact]
    public async Task Each_guardian_gets_one_signed_message_per_channel_and_nothing_repeats() =>
        await NotificationDeliveryTests.OneSignedMessageEachAsync(await fixture.Server.CreateDatabaseAsync("notify"));

    [Fact]
    public async Task A_gateway_answering_500_twice_gets_the_notice_on_the_third_attempt() =>
        await NotificationDeliveryTests.ThirdAttemptAsync(await fixture.Server.CreateDatabaseAsync("notify"));
}
