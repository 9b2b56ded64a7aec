using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>
/// An admin of one campus on a host with two campuses (the demo campus <c>hj</c> and a small copy of
/// it, <c>hk</c>): they manage only their campus's accounts, and read only their campus's audit
/// entries and notification receipts; an admin of <c>*</c> sees both. The tests share one host and
/// each creates accounts of its own.
/// </summary>
public sealed class CampusAdminScopeTests(CampusAdminScopeTests.TwoCampuses campuses) : IClassFixture<CampusAdminScopeTests.TwoCampuses>
{
    /// <summary>A school day at 07:15 campus time: gate scans at 07:10 are arrivals, which notify guardians.</summary>
    private static readonly DateTimeOffset Morning = new(2026, 11, 25, 7, 15, 0, TimeSpan.FromHours(8));

    private const string Password = "Campus admin 2026";
    private readonly CampusHostFactory _host = campuses.Host;

    /// <summary>The host with both campuses.</summary>
    public sealed class TwoCampuses : IAsyncLifetime
    {
        // The second manifest's path is relative to the content root, which is the host's own folder.
        public CampusHostFactory Host { get; } = new(start: Morning, settings: ("Campus:Manifests:0", Path.Combine("second-campus", "campus.json")));

        public Task InitializeAsync()
        {
            WriteSecondCampus(Path.Combine(Host.Folder, "second-campus"));
            _ = Host.Demo; // starts the host
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    /// <summary>The demo manifest as campus <c>hk</c>, with the first students of the demo roster.</summary>
    private static void WriteSecondCampus(string folder)
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "demo");
        Directory.CreateDirectory(folder);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(demo, "campus.json")))!.AsObject();
        manifest["campusId"] = "hk";
        manifest["name"] = "Huajing Second Campus";
        manifest.Remove("leaves"); // they name students of the whole roster
        File.WriteAllText(Path.Combine(folder, "campus.json"), manifest.ToJsonString());
        var roster = File.ReadLines(Path.Combine(demo, (string?)manifest["roster"] ?? "roster.csv")).Take(21);
        File.WriteAllLines(Path.Combine(folder, (string?)manifest["roster"] ?? "roster.csv"), roster);
    }

    [Fact]
    public async Task Issue13_a_campus_admin_cannot_take_over_the_global_admin_or_an_account_of_another_campus()
    {
        await CreateAsync(new { userName = "takeover-hj-admin", role = "admin", campusId = "hj", password = Password });
        await CreateAsync(new { userName = "hk-teacher", role = "teacher", campusId = "hk", password = Password, classes = new[] { "g7-1" } });
        using var hjAdmin = await SignedInAsync("takeover-hj-admin");
        var globalAdmin = (string)_host.Account("admin")["userName"]!;

        var takeovers = new object[]
        {
            new { userName = globalAdmin, role = "admin", campusId = "hj", password = "Taken over 2026" },
            new { userName = globalAdmin.ToUpperInvariant(), role = "security", campusId = "hj", password = "Taken over 2026" },
            new { userName = "hk-teacher", role = "teacher", campusId = "hj", password = "Taken over 2026", classes = new[] { "g7-1" } },
            new { userName = "hk-teacher", role = "guardian", campusId = "hj", guardianId = "G1001-1", children = new[] { "S1001" } },
        };
        foreach (var takeover in takeovers)
        {
            using var response = await hjAdmin.PostAsJsonAsync("/api/v1/accounts", takeover);
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{takeover}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // The victims are untouched: their sessions go on, their passwords still work, their campus is theirs.
        using var admin = _host.CreateClient();
        var accounts = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/accounts"))!;
        Assert.Equal("*", (string?)accounts.Single(a => (string?)a!["userName"] == globalAdmin)!["campusId"]);
        Assert.Equal("hk", (string?)accounts.Single(a => (string?)a!["userName"] == "hk-teacher")!["campusId"]);
        using var anonymous = _host.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/signin", new { userName = globalAdmin, password = "Taken over 2026" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/auth/signin", new { userName = "hk-teacher", password = Password })).StatusCode);
        // A campus admin still replaces an account of their own campus.
        using var own = await hjAdmin.PostAsJsonAsync("/api/v1/accounts", new { userName = "takeover-hj-guard", role = "security", campusId = "hj", password = Password });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        using var replaced = await hjAdmin.PostAsJsonAsync("/api/v1/accounts", new { userName = "takeover-hj-guard", role = "admin", campusId = "hj", password = Password });
        Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
    }

    [Fact]
    public async Task Issue13_a_campus_admin_reads_only_their_campus_audit_entries()
    {
        await CreateAsync(new { userName = "audit-hj-admin", role = "admin", campusId = "hj", password = Password });
        await CreateAsync(new { userName = "audit-hk-admin", role = "admin", campusId = "hk", password = Password });
        using var hjAdmin = await SignedInAsync("audit-hj-admin");
        using var hkAdmin = await SignedInAsync("audit-hk-admin");
        using (var security = _host.ClientAs("security")) Assert.Equal(HttpStatusCode.OK, (await security.GetAsync("/api/v1/auth/me")).StatusCode);

        var hj = (await hjAdmin.GetFromJsonAsync<JsonArray>("/api/v1/audit"))!;
        var hk = (await hkAdmin.GetFromJsonAsync<JsonArray>("/api/v1/audit"))!;
        using var admin = _host.CreateClient();
        var all = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/audit"))!;

        Assert.Contains(all, e => (string?)e!["campusId"] == "hk");
        Assert.Contains(all, e => (string?)e!["campusId"] != "hk" && (string?)e!["campusId"] != "hj"); // the global admin's own sign-in
        Assert.Contains(hj, e => (string?)e!["action"] == "sign-in" && (string?)e["who"] == (string?)_host.Account("security")["userName"]);
        Assert.All(hj, e => Assert.Equal("hj", (string?)e!["campusId"]));
        Assert.Contains(hk, e => (string?)e!["action"] == "sign-in" && (string?)e["who"] == "audit-hk-admin");
        Assert.All(hk, e => Assert.Equal("hk", (string?)e!["campusId"]));
    }

    [Fact]
    public async Task Issue13_a_campus_admin_reads_and_retries_only_their_campus_notification_receipts()
    {
        await CreateAsync(new { userName = "receipts-hj-admin", role = "admin", campusId = "hj", password = Password });
        await CreateAsync(new { userName = "receipts-hk-admin", role = "admin", campusId = "hk", password = Password });
        using var admin = _host.CreateClient();
        using var issued = await admin.PostAsync("/api/v1/campuses/hk/devices/gate-north-reader/keys", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var hkKey = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["key"]!;

        // An arrival on each campus (different students: a notice id names no campus).
        var scanAt = Morning.AddMinutes(-5);
        Assert.Equal(HttpStatusCode.Accepted, (await _host.PostEventsAsync("gate-north-reader", Access("gate-north-reader", "S1004", scanAt))).StatusCode);
        using (var hkGate = _host.AnonymousClient())
        {
            hkGate.DefaultRequestHeaders.Add("X-Device-Key", hkKey);
            Assert.Equal(HttpStatusCode.Accepted, (await hkGate.PostAsJsonAsync("/api/v1/events", Access("gate-north-reader", "S1009", scanAt))).StatusCode);
        }
        await _host.SettleAsync();
        var all = await EventuallyAsync(async () => (await admin.GetFromJsonAsync<JsonArray>("/api/v1/admin/notifications"))!,
            r => r.Any(x => (string?)x!["campusId"] == "hj") && r.Any(x => (string?)x!["campusId"] == "hk"), "receipts on both campuses");

        using var hjAdmin = await SignedInAsync("receipts-hj-admin");
        using var hkAdmin = await SignedInAsync("receipts-hk-admin");
        var hj = (await hjAdmin.GetFromJsonAsync<JsonArray>("/api/v1/admin/notifications"))!;
        var hk = (await hkAdmin.GetFromJsonAsync<JsonArray>("/api/v1/admin/notifications?limit=5000"))!;

        Assert.NotEmpty(hj);
        Assert.All(hj, r => Assert.Equal("hj", (string?)r!["campusId"]));
        Assert.NotEmpty(hk);
        Assert.All(hk, r => Assert.Equal("hk", (string?)r!["campusId"]));
        var hjDelivery = (string)all.First(r => (string?)r!["campusId"] == "hj")!["deliveryId"]!;
        Assert.Equal(HttpStatusCode.NotFound, (await hkAdmin.PostAsync($"/api/v1/admin/notifications/{Uri.EscapeDataString(hjDelivery)}/retry", null)).StatusCode);
        Assert.NotEqual(HttpStatusCode.NotFound, (await hjAdmin.PostAsync($"/api/v1/admin/notifications/{Uri.EscapeDataString(hjDelivery)}/retry", null)).StatusCode);
    }

    private async Task CreateAsync(object account)
    {
        using var admin = _host.CreateClient();
        using var response = await admin.PostAsJsonAsync("/api/v1/accounts", account);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{account}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private Task<HttpClient> SignedInAsync(string userName) => _host.SignedInAsync(userName, Password);
}
