using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests.County;

/// <summary>
/// The county role and the county overview on a host with three campuses (the demo campus
/// <c>hj</c> and two small copies, <c>hk</c> and <c>hm</c>): a county account reads exactly the
/// campuses of its list (every other campus is unknown to it) and changes nothing; only an admin of
/// every campus creates, changes or removes one, with each unknown campus named; a change of its
/// campuses ends its sessions; the overview has one tile per campus of the caller, what needs
/// attention first. The tests share one host and each creates accounts of its own.
/// </summary>
public sealed class CountyApiTests(CountyApiTests.ThreeCampuses campuses) : IClassFixture<CountyApiTests.ThreeCampuses>
{
    private const string Password = "County bureau 2026";
    private readonly CampusHostFactory _host = campuses.Host;

    /// <summary>The host with the demo campus and two small ones (the first 20 roster lines each).</summary>
    public sealed class ThreeCampuses : IAsyncLifetime
    {
        private static readonly string Folder = Directory.CreateTempSubdirectory("campus-county-manifests-").FullName;

        public CampusHostFactory Host { get; } = new(settings: SmallCampuses.Settings(
        [
            SmallCampuses.Write(Folder, "hk", "Huajing Second Campus", 20),
            SmallCampuses.Write(Folder, "hm", "Huajing Mountain Campus", 20),
        ]));

        public Task InitializeAsync()
        {
            _ = Host.Demo; // starts the host
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            Directory.Delete(Folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_county_user_reads_their_campuses_and_every_read_of_another_campus_is_404()
    {
        await CreateAsync(new { userName = "bureau-read", role = "county", password = Password, campuses = new[] { "hj", "hk" } });
        using var county = await SignedInAsync("bureau-read");
        var me = (await county.GetFromJsonAsync<JsonObject>("/api/v1/auth/me"))!;
        Assert.Equal("county", (string?)me["role"]);
        Assert.Equal(["hj", "hk"], me["campuses"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["hj", "hk"], (await county.GetFromJsonAsync<JsonArray>("/api/v1/campuses"))!.Select(c => (string)c!["campusId"]!));
        var mismatches = new List<string>();
        foreach (var campus in new[] { "hj", "hk" })
        {
            foreach (var path in new[] { "", "/alerts", "/alerts?status=all", "/presence", "/devices" })
                await ExpectAsync(county, $"/api/v1/campuses/{campus}{path}", HttpStatusCode.OK, mismatches);
        }
        foreach (var path in new[] { "", "/alerts", "/alerts/no-such-alert", "/presence", "/devices", "/students/S1001", "/students/S1001/timeline", "/visits" })
            await ExpectAsync(county, $"/api/v1/campuses/hm{path}", HttpStatusCode.NotFound, mismatches);
        // Students, roll calls, visitors and vehicles are not the county's to read, on its own campuses either.
        await ExpectAsync(county, "/api/v1/campuses/hj/students/S1001", HttpStatusCode.NotFound, mismatches);
        await ExpectAsync(county, "/api/v1/campuses/hj/rollcall?dorm=dorm-pine", HttpStatusCode.Forbidden, mismatches);
        await ExpectAsync(county, "/api/v1/campuses/hj/vehicles/inside", HttpStatusCode.Forbidden, mismatches);
        await ExpectAsync(county, "/api/v1/campuses/hj/watch-list", HttpStatusCode.Forbidden, mismatches);
        Assert.Empty(mismatches);

        var tiles = (await county.GetFromJsonAsync<JsonArray>("/api/v1/county/overview"))!;
        Assert.Equal(["hj", "hk"], tiles.Select(t => (string)t!["campusId"]!).Order(StringComparer.Ordinal));
        Assert.All((await county.GetFromJsonAsync<JsonArray>("/api/v1/county/alerts"))!, a => Assert.Contains((string?)a!["campusId"], new[] { "hj", "hk" }));
    }

    [Fact]
    public async Task A_county_user_cannot_run_any_command_even_on_their_own_campus()
    {
        await CreateAsync(new { userName = "bureau-act", role = "county", password = Password, campuses = new[] { "hj", "hk" } });
        using var county = await SignedInAsync("bureau-act");
        var alertId = await RaiseSosAsync("hk");
        var at = await _host.NowAsync();
        var commands = new (string Method, string Path, object? Body)[]
        {
            ("POST", $"/api/v1/campuses/hk/alerts/{Uri.EscapeDataString(alertId)}/acknowledge", new { note = "seen" }),
            ("POST", $"/api/v1/campuses/hk/alerts/{Uri.EscapeDataString(alertId)}/resolve", new { outcome = "other", note = "done" }),
            ("POST", "/api/v1/campuses/hj/leaves", new { studentId = "S1001", from = at, to = at.AddHours(2), reason = "dentist" }),
            ("POST", "/api/v1/campuses/hj/visits", new { visitorName = "V", phone = "138 0000 0000", purpose = "p", hostKind = "class", hostId = "g7-1", expectedArrival = at, expectedDeparture = at.AddHours(1) }),
            ("POST", "/api/v1/campuses/hj/visits/walk-in", new { visitorName = "V", phone = "138 0000 0000", purpose = "p", hostKind = "class", hostId = "g7-1", expectedDeparture = at.AddHours(1) }),
            ("POST", "/api/v1/campuses/hj/visits/K7QM2XPA/approve", new { }),
            ("POST", "/api/v1/campuses/hj/visits/K7QM2XPA/decline", new { reason = "no" }),
            ("POST", "/api/v1/campuses/hj/visits/K7QM2XPA/check-in", new { }),
            ("POST", "/api/v1/campuses/hj/visits/K7QM2XPA/check-out", new { }),
            ("POST", "/api/v1/campuses/hj/visit-requests", new { visitorName = "V", phone = "138 0000 0000", purpose = "p", studentId = "S1001", expectedArrival = at, expectedDeparture = at.AddHours(1) }),
            ("POST", "/api/v1/campuses/hj/watch-list", new { label = "x", reason = "y", plate = "京A12345" }),
            ("DELETE", "/api/v1/campuses/hj/watch-list/some-entry", null),
            ("POST", "/api/v1/admin/notifications/some-delivery/retry", null),
            ("POST", "/api/v1/sim/clock", new { advanceBy = "00:00:00" }),
            ("POST", "/api/v1/campuses/hj/devices/gate-north-reader/keys", null),
            ("DELETE", "/api/v1/campuses/hj/devices/gate-north-reader/keys?keep=x", null),
            ("POST", "/api/v1/accounts", new { userName = "bureau-made", role = "security", campusId = "hj", password = Password }),
            ("GET", "/api/v1/accounts", null),
            ("GET", "/api/v1/audit", null),
            ("GET", "/api/v1/admin/set-aside", null),
            ("GET", "/api/v1/admin/notifications", null),
        };
        var mismatches = new List<string>();
        foreach (var (method, path, body) in commands)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await county.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden) mismatches.Add($"{method} {path}: {(int)response.StatusCode}");
        }
        Assert.Empty(mismatches);
        using var admin = _host.CreateClient();
        var alert = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/campuses/hk/alerts/{Uri.EscapeDataString(alertId)}"))!;
        Assert.Equal("open", (string?)alert["status"]);
    }

    [Fact]
    public async Task An_admin_of_every_campus_creates_a_county_account_and_each_problem_names_its_field()
    {
        using var admin = _host.CreateClient();
        var problems = new (object Body, string Field)[]
        {
            (new { userName = "bureau-new", role = "county", password = Password, campuses = new[] { "hj", "nowhere", "hk", "elsewhere" } }, "campuses"),
            (new { userName = "bureau-new", role = "county", password = Password }, "campuses"),
            (new { userName = "bureau-new", role = "county", password = Password, campuses = Array.Empty<string>() }, "campuses"),
            (new { userName = "bureau-new", role = "county", campusId = "hj", password = Password, campuses = new[] { "hj" } }, "campusId"),
            (new { userName = "bureau-new", role = "county", password = "short", campuses = new[] { "hj" } }, "password"),
            (new { userName = "guard-with-campuses", role = "security", campusId = "hj", password = Password, campuses = new[] { "hk" } }, "campuses"),
        };
        foreach (var (body, field) in problems)
        {
            using var response = await admin.PostAsJsonAsync("/api/v1/accounts", body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode}");
            Assert.Equal([field], await ProblemFieldsAsync(response));
        }
        using (var unknown = await admin.PostAsJsonAsync("/api/v1/accounts", problems[0].Body))
        {
            var reasons = (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["campuses"]!.AsArray().Select(r => (string)r!).ToList();
            Assert.Equal(2, reasons.Count);
            Assert.Contains(reasons, r => r.Contains("'nowhere'", StringComparison.Ordinal));
            Assert.Contains(reasons, r => r.Contains("'elsewhere'", StringComparison.Ordinal));
        }

        using var created = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName = "bureau-new", role = "county", password = Password, campuses = new[] { "hk", "hj", "hk" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["hk", "hj"], view["campuses"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("", (string?)view["campusId"]);
        Assert.DoesNotContain(Password, await (await admin.GetAsync("/api/v1/accounts")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var listed = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/accounts"))!.Single(a => (string?)a!["userName"] == "bureau-new")!;
        Assert.Equal("county", (string?)listed["role"]);
        Assert.Equal(["hk", "hj"], listed["campuses"]!.AsArray().Select(c => (string)c!));

        // An admin of one campus neither sees, creates, replaces nor removes a county account.
        await CreateAsync(new { userName = "county-hj-admin", role = "admin", campusId = "hj", password = Password });
        using var hjAdmin = await SignedInAsync("county-hj-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await hjAdmin.PostAsJsonAsync("/api/v1/accounts", new { userName = "bureau-hj", role = "county", password = Password, campuses = new[] { "hj" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hjAdmin.PostAsJsonAsync("/api/v1/accounts", new { userName = "bureau-new", role = "county", password = Password, campuses = new[] { "hj" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await hjAdmin.PostAsJsonAsync("/api/v1/accounts", new { userName = "bureau-new", role = "security", campusId = "hj", password = Password })).StatusCode);
        Assert.DoesNotContain((await hjAdmin.GetFromJsonAsync<JsonArray>("/api/v1/accounts"))!, a => (string?)a!["role"] == "county");
        Assert.Equal(HttpStatusCode.NotFound, (await hjAdmin.DeleteAsync("/api/v1/accounts/bureau-new")).StatusCode);
        using var county = await SignedInAsync("bureau-new");
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync("/api/v1/campuses/hk/alerts")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/accounts/bureau-new")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await county.GetAsync("/api/v1/campuses/hk/alerts")).StatusCode);
        var audit = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/audit"))!;
        Assert.Contains(audit, e => (string?)e!["action"] == "account-create" && (string?)e["target"] == "bureau-new" && (string?)e["detail"] == "county: hk,hj");
        Assert.Contains(audit, e => (string?)e!["action"] == "account-delete" && (string?)e["target"] == "bureau-new" && (string?)e["detail"] == "county");
        Assert.Contains(audit, e => (string?)e!["action"] == "sign-in" && (string?)e["who"] == "bureau-new" && (string?)e["role"] == "county");
    }

    [Fact]
    public async Task Changing_a_county_accounts_campuses_ends_its_sessions()
    {
        await CreateAsync(new { userName = "bureau-moved", role = "county", password = Password, campuses = new[] { "hj" } });
        using var county = await SignedInAsync("bureau-moved");
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync("/api/v1/campuses/hj/alerts")).StatusCode);

        await CreateAsync(new { userName = "bureau-moved", role = "county", password = Password, campuses = new[] { "hk" } });

        Assert.Equal(HttpStatusCode.Unauthorized, (await county.GetAsync("/api/v1/campuses/hj/alerts")).StatusCode);
        using var again = await SignedInAsync("bureau-moved");
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync("/api/v1/campuses/hj/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/campuses/hk/alerts")).StatusCode);
    }

    [Fact]
    public async Task The_overview_puts_the_campus_with_an_unacknowledged_critical_alert_first_and_counts_who_is_on_campus()
    {
        await CreateAsync(new { userName = "bureau-wall", role = "county", password = Password, campuses = new[] { "hj", "hk", "hm" } });
        using var county = await SignedInAsync("bureau-wall");
        // Two SOS on hm: more open critical alerts than any other campus (another test raises one on hk).
        var sos = await RaiseSosAsync("hm");
        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var second = await RaiseSosAsync("hm", "panic-dorm-orchid");
        var gate = await KeyAsync("hm", "gate-north-reader");
        var now = await _host.NowAsync();
        using (var device = _host.AnonymousClient())
        {
            device.DefaultRequestHeaders.Add("X-Device-Key", gate);
            var scans = new[] { "S1001", "S1002", "S1003" }.Select(s => Access("gate-north-reader", s, now)).ToArray();
            Assert.Equal(HttpStatusCode.Accepted, (await device.PostAsJsonAsync("/api/v1/events", scans)).StatusCode);
        }
        await _host.SettleAsync();

        var tiles = (await county.GetFromJsonAsync<JsonArray>("/api/v1/county/overview"))!;
        Assert.Equal(3, tiles.Count);
        var hm = tiles[0]!;
        Assert.Equal("hm", (string?)hm["campusId"]);
        Assert.Equal("Huajing Mountain Campus", (string?)hm["name"]);
        Assert.Equal(2, (int)hm["alerts"]!["critical"]!);
        Assert.Equal(sos, (string?)hm["oldestUnacknowledgedCritical"]!["alertId"]);
        Assert.Equal(3, (int)hm["onCampus"]!["count"]!);
        var roster = (int)(await county.GetFromJsonAsync<JsonObject>("/api/v1/campuses/hm"))!["students"]!;
        Assert.Equal(roster, (int)hm["onCampus"]!["expected"]!); // nobody on leave
        Assert.Null(hm["inDorms"]); // a school morning: no dorm is due
        var hk = tiles.Single(t => (string?)t!["campusId"] == "hk")!;
        Assert.Equal(roster, (int)hk["onCampus"]!["expected"]!);
        var alerts = (await county.GetFromJsonAsync<JsonArray>("/api/v1/county/alerts"))!;
        Assert.Contains(alerts, a => (string?)a!["alertId"] == sos && (string?)a["campusId"] == "hm" && (string?)a["severity"] == "critical");
        Assert.All(alerts, a => Assert.Contains((string?)a!["severity"], new[] { "critical", "high" }));
        var raised = alerts.Select(a => (DateTimeOffset)a!["raisedAt"]!).ToList();
        Assert.Equal(raised.OrderDescending(), raised);

        // Acknowledged, the alert is still open and critical, but no longer unacknowledged.
        using var admin = _host.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/v1/campuses/hm/alerts/{Uri.EscapeDataString(sos)}/acknowledge", new { note = "on it" })).StatusCode);
        await _host.SettleAsync();
        var after = (await county.GetFromJsonAsync<JsonArray>("/api/v1/county/overview"))!.Single(t => (string?)t!["campusId"] == "hm")!;
        Assert.Equal(2, (int)after["alerts"]!["critical"]!);
        Assert.Equal(second, (string?)after["oldestUnacknowledgedCritical"]?["alertId"]);

        // Admins see the overview of their campuses; security is not a county role.
        Assert.Equal(3, (await admin.GetFromJsonAsync<JsonArray>("/api/v1/county/overview"))!.Count);
        using var security = _host.ClientAs("security");
        Assert.Equal(HttpStatusCode.Forbidden, (await security.GetAsync("/api/v1/county/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await security.GetAsync("/api/v1/county/alerts")).StatusCode);
    }

    [Fact]
    public async Task Issue15_the_demo_file_describes_the_demo_campus_whichever_campuses_are_loaded_beside_it()
    {
        var folder = Directory.CreateTempSubdirectory("campus-county-demo-").FullName;
        try
        {
            // Ids that a dictionary of campuses enumerates before the demo campus.
            await using var host = new CampusHostFactory(settings: SmallCampuses.Settings(
                [.. new[] { "c002", "c003", "c004" }.Select(id => SmallCampuses.Write(folder, id, "School " + id, 20))]));

            Assert.Equal("hj", (string?)host.Demo["campusId"]);
            Assert.Equal("Huajing Experimental School", (string?)host.Demo["name"]);
            Assert.Equal("campus:hj", (string?)host.Account("security")["scope"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>An SOS at a panic button of <paramref name="campus"/> (a critical alert); returns its id once the read model has it.</summary>
    private async Task<string> RaiseSosAsync(string campus, string button = "panic-gate-north")
    {
        var key = await KeyAsync(campus, button);
        using (var device = _host.AnonymousClient())
        {
            device.DefaultRequestHeaders.Add("X-Device-Key", key);
            var sos = new { eventId = "county-sos-" + Guid.NewGuid().ToString("N"), deviceId = button, occurredAt = await _host.NowAsync(), type = "alarm", alarm = "sos" };
            Assert.Equal(HttpStatusCode.Accepted, (await device.PostAsJsonAsync("/api/v1/events", sos)).StatusCode);
        }
        await _host.SettleAsync();
        using var admin = _host.CreateClient();
        var open = (await admin.GetFromJsonAsync<JsonArray>($"/api/v1/campuses/{campus}/alerts?kind=sos"))!;
        return (string)open.Where(a => (string?)a!["locationId"] == button["panic-".Length..]).OrderByDescending(a => (DateTimeOffset)a!["raisedAt"]!).First()!["alertId"]!;
    }

    /// <summary>A new key of a device of any campus, issued by the admin of every campus.</summary>
    private async Task<string> KeyAsync(string campus, string deviceId)
    {
        using var admin = _host.CreateClient();
        using var issued = await admin.PostAsync($"/api/v1/campuses/{campus}/devices/{deviceId}/keys", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["key"]!;
    }

    private static async Task ExpectAsync(HttpClient client, string path, HttpStatusCode expected, List<string> mismatches)
    {
        using var response = await client.GetAsync(path);
        if (response.StatusCode != expected) mismatches.Add($"GET {path}: {(int)response.StatusCode}, expected {(int)expected}");
    }

    private async Task CreateAsync(object account)
    {
        using var admin = _host.CreateClient();
        using var response = await admin.PostAsJsonAsync("/api/v1/accounts", account);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{account}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private Task<HttpClient> SignedInAsync(string userName) => _host.SignedInAsync(userName, Password);
}
