using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Campus.Host.Visitors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>Visitors on SQLite.</summary>
public sealed class SqliteVisitorApiTests : VisitorApiTests
{
    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);

    [Fact]
    public async Task Visit_records_past_their_retention_are_removed_with_their_journal_and_a_visitor_on_campus_is_kept()
    {
        var done = await RegisterAsync(Visit("Old Visitor"));
        var onCampus = await RegisterAsync(Visit("Still Here"));
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{onCampus}/check-in", new { gateId = "gate-north" })).StatusCode);
        await VisitWhenAsync(onCampus, v => (string?)v["status"] == "on-campus");
        Assert.Equal(1, JournalRows(done));

        var retention = Host.Services.GetRequiredService<VisitorRetention>();
        var removed = await retention.PurgeAsync(await Host.NowAsync() + TimeSpan.FromDays(181), CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/campuses/hj/visits/{done}")).StatusCode);
        Assert.Equal(0, JournalRows(done));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/v1/campuses/hj/visits/{onCampus}")).StatusCode);
        Assert.True(JournalRows(onCampus) > 0);
    }

    private long JournalRows(string code)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Host.Folder, "campus.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", $"visit/hj/{code}");
        return (long)command.ExecuteScalar()!;
    }
}

/// <summary>Visitors on PostgreSQL, a fresh database per test.</summary>
[Collection("host-postgres")]
public sealed class PostgresVisitorApiTests(HostPostgresFixture fixture) : VisitorApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await fixture.Server.CreateDatabaseAsync("visitors");
}

/// <summary>
/// Registering, requesting, deciding, checking in and out through the API, with the scope of each
/// role, the watch list, and the gate's face-fail exemption, against the real entities.
/// </summary>
public abstract class VisitorApiTests : IAsyncLifetime
{
    private const string DocumentNumber = "330106200801012345";

    protected CampusHostFactory Host { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    protected abstract Task<string?> ConnectionStringAsync();

    public async Task InitializeAsync()
    {
        Host = new CampusHostFactory(await ConnectionStringAsync());
        Client = Host.ClientAs("security");
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>A visit to class g7-1 (the demo teacher's) from now for an hour.</summary>
    protected static Dictionary<string, object?> Visit(string name, string? plate = null, string? document = null, int companions = 0) => new()
    {
        ["visitorName"] = name,
        ["phone"] = "+86 139 0000 0000",
        ["purpose"] = "Meeting the class teacher",
        ["hostKind"] = "class",
        ["hostId"] = "g7-1",
        ["expectedArrival"] = SchoolMorning,
        ["expectedDeparture"] = SchoolMorning.AddHours(1),
        ["companions"] = companions,
        ["plate"] = plate,
        ["documentNumber"] = document,
    };

    protected async Task<string> RegisterAsync(object body, HttpClient? client = null, string path = "visits")
    {
        var response = await (client ?? Client).PostAsJsonAsync($"/api/v1/campuses/hj/{path}", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    protected async Task<JsonObject> VisitWhenAsync(string code, Func<JsonObject, bool> done, HttpClient? client = null)
    {
        await Host.SettleAsync();
        return await EventuallyAsync(async () =>
        {
            var response = await (client ?? Client).GetAsync($"/api/v1/campuses/hj/visits/{code}");
            return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonObject>())! : [];
        }, done, $"visit {code}");
    }

    [Fact]
    public async Task A_registration_with_nothing_in_it_names_every_missing_field()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/campuses/hj/visits", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["expectedArrival", "expectedDeparture", "hostKind", "phone", "purpose", "visitorName"], (await ProblemFieldsAsync(response)).Order());
    }

    [Fact]
    public async Task A_bad_plate_document_host_companions_and_a_departure_before_arrival_are_named()
    {
        var body = Visit("Wang Wei", plate: "!", document: "12-34", companions: 99);
        body["hostId"] = "no-such-class";
        body["expectedDeparture"] = SchoolMorning.AddHours(-1);

        var response = await Client.PostAsJsonAsync("/api/v1/campuses/hj/visits", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["companions", "documentNumber", "expectedDeparture", "hostId", "plate"], (await ProblemFieldsAsync(response)).Order());
    }

    [Fact]
    public async Task A_registered_visit_is_expected_with_the_last_four_of_its_document_and_never_the_number()
    {
        var code = await RegisterAsync(Visit("Wang Wei", plate: "浙A·12345", document: DocumentNumber, companions: 2));

        var visit = await VisitWhenAsync(code, v => (string?)v["status"] == "expected");

        Assert.Matches("^[A-HJ-NP-Z2-9]{8}$", code);
        Assert.Equal(("Wang Wei", "g7-1", "class", 2, "浙A12345", "2345"),
            ((string?)visit["visitorName"], (string?)visit["hostId"], (string?)visit["hostKind"], (int)visit["companions"]!, (string?)visit["plate"], (string?)visit["documentLast4"]));
        var everything = (await Client.GetStringAsync("/api/v1/campuses/hj/visits")) + await Host.CreateClient().GetStringAsync("/api/v1/audit");
        Assert.DoesNotContain(DocumentNumber, everything, StringComparison.Ordinal);
        Assert.Contains(code, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_teacher_registers_for_their_own_class_only_and_a_supervisor_not_at_all()
    {
        using var teacher = Host.ClientAs("teacher");
        using var supervisor = Host.ClientAs("supervisor");
        var other = Visit("Li Na");
        other["hostId"] = "g7-2";

        var own = await teacher.PostAsJsonAsync("/api/v1/campuses/hj/visits", Visit("Li Na"));
        var foreign = await teacher.PostAsJsonAsync("/api/v1/campuses/hj/visits", other);
        var bySupervisor = await supervisor.PostAsJsonAsync("/api/v1/campuses/hj/visits", Visit("Li Na"));

        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bySupervisor.StatusCode);
    }

    [Fact]
    public async Task A_guardian_requests_a_visit_to_their_own_child_sees_only_their_own_requests_and_no_other_school()
    {
        using var guardian = Host.ClientAs("guardian");
        var child = Host.BoardingStudent;
        var request = Visit("Parent of " + child);
        request["studentId"] = child;
        await RegisterAsync(Visit("Someone Else"));

        var code = await RegisterAsync(request, guardian, "visit-requests");
        var notMine = new Dictionary<string, object?>(request) { ["studentId"] = Host.DayStudent };
        var other = await guardian.PostAsJsonAsync("/api/v1/campuses/hj/visit-requests", notMine);
        var otherSchool = await guardian.PostAsJsonAsync("/api/v1/campuses/other-school/visit-requests", request);

        var visit = await VisitWhenAsync(code, v => (string?)v["status"] == "requested", guardian);
        Assert.Equal(child, (string?)visit["studentId"]);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherSchool.StatusCode);
        var seen = (await guardian.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/visits"))!;
        Assert.Equal([code], seen.Select(v => (string?)v!["code"]));
        // Guardians do not register visits as staff, nor decide requests.
        Assert.Equal(HttpStatusCode.Forbidden, (await guardian.PostAsJsonAsync("/api/v1/campuses/hj/visits", Visit("X"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guardian.PostAsync($"/api/v1/campuses/hj/visits/{code}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task Security_approves_a_request_and_declines_another_with_a_reason_only()
    {
        using var guardian = Host.ClientAs("guardian");
        var request = Visit("Grandma Zhao");
        request["studentId"] = Host.BoardingStudent;
        var approved = await RegisterAsync(request, guardian, "visit-requests");
        var declined = await RegisterAsync(new Dictionary<string, object?>(request) { ["visitorName"] = "Uncle Zhao" }, guardian, "visit-requests");
        await VisitWhenAsync(declined, v => (string?)v["status"] == "requested");

        var noReason = await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{declined}/decline", new { });
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsync($"/api/v1/campuses/hj/visits/{approved}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{declined}/decline", new { reason = "Not a listed guardian" })).StatusCode);

        Assert.Equal(["reason"], await ProblemFieldsAsync(noReason));
        var yes = await VisitWhenAsync(approved, v => (string?)v["status"] == "expected");
        var no = await VisitWhenAsync(declined, v => (string?)v["status"] == "declined");
        Assert.Equal((string?)Host.Account("security")["userName"], (string?)yes["decidedBy"]);
        Assert.Equal("Not a listed guardian", (string?)no["note"]);
        var again = await Client.PostAsync($"/api/v1/campuses/hj/visits/{approved}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task The_guard_checks_a_visitor_in_and_out_and_a_second_check_in_is_a_conflict_with_the_reason()
    {
        var code = await RegisterAsync(Visit("Chen Jie"));
        await VisitWhenAsync(code, v => (string?)v["status"] == "expected");

        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{code}/check-in", new { gateId = "gate-north" })).StatusCode);
        var inside = await VisitWhenAsync(code, v => (string?)v["status"] == "on-campus");
        var twice = await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{code}/check-in", new { gateId = "gate-north" });
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{code}/check-out", new { })).StatusCode);
        var left = await VisitWhenAsync(code, v => (string?)v["status"] == "left");

        Assert.Equal("gate-north", (string?)inside["gateId"]);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("already checked in at 10:00", (string?)(await twice.Content.ReadFromJsonAsync<JsonObject>())!["detail"], StringComparison.Ordinal);
        Assert.NotNull((string?)left["checkedOutAt"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{code}/check-in", new { gateId = "gate-nowhere" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsJsonAsync("/api/v1/campuses/hj/visits/AAAAAAAA/check-in", new { })).StatusCode);
    }

    [Fact]
    public async Task A_walk_in_is_registered_and_on_campus_in_one_step_and_a_retry_with_the_same_key_is_the_same_visit()
    {
        var body = Visit("Courier Zhang");
        body.Remove("expectedArrival");
        body["gateId"] = "gate-south";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/campuses/hj/visits/walk-in") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", "walk-in-1");
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/v1/campuses/hj/visits/walk-in") { Content = JsonContent.Create(body) };
        retry.Headers.Add("Idempotency-Key", "walk-in-1");

        var first = (await (await Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>())!;
        var second = (await (await Client.SendAsync(retry)).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(("accepted", "duplicate"), ((string?)first["status"], (string?)second["status"]));
        Assert.Equal((string?)first["id"], (string?)second["id"]);
        var visit = await VisitWhenAsync((string)first["id"]!, v => (string?)v["status"] == "on-campus");
        Assert.Equal((true, "gate-south"), ((bool)visit["walkIn"]!, (string?)visit["gateId"]));
    }

    [Fact]
    public async Task A_visitor_whose_document_is_on_the_watch_list_raises_a_high_alert_to_security_at_registration_and_at_check_in()
    {
        var watch = await Client.PostAsJsonAsync("/api/v1/campuses/hj/watch-list", new { kind = "document", documentNumber = DocumentNumber, name = "Zhou Qiang", reason = "Court order" });
        Assert.Equal(HttpStatusCode.Accepted, watch.StatusCode);
        var list = await EventuallyAsync(async () => (await Client.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/watch-list"))!, l => l.Count == 1, "the watch list");
        Assert.Equal("Zhou Qiang (…2345)", (string?)list[0]!["label"]);
        Assert.DoesNotContain(DocumentNumber, list.ToJsonString(), StringComparison.Ordinal);

        // Written with spaces: the same document.
        var code = await RegisterAsync(Visit("Zhou Qiang", document: "3301 0620 0801 012345"));
        await VisitWhenAsync(code, v => (string?)v["status"] == "expected");
        await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{code}/check-in", new { gateId = "gate-north" });

        var alerts = await Host.AlertsWhenAsync("kind=watch-list", a => a.Count == 2, "two watch-list alerts");
        Assert.All(alerts, a => Assert.Equal(("high", "security", 0), ((string?)a!["severity"], (string?)a["role"], (int)a["level"]!))); // the first level: security at once
        Assert.Contains(alerts, a => ((string?)a!["message"])!.Contains("at registration", StringComparison.Ordinal));
        Assert.Contains(alerts, a => ((string?)a!["message"])!.Contains("at check-in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_visitor_not_on_the_watch_list_raises_nothing_and_a_watch_entry_without_a_reason_is_refused()
    {
        var refused = await Client.PostAsJsonAsync("/api/v1/campuses/hj/watch-list", new { kind = "plate", plate = "浙A88888" });
        await Client.PostAsJsonAsync("/api/v1/campuses/hj/watch-list", new { kind = "plate", plate = "浙A88888", reason = "Stolen" });
        var code = await RegisterAsync(Visit("Innocent", plate: "浙A11111", document: "G12345678"));
        await VisitWhenAsync(code, v => (string?)v["status"] == "expected");
        await Host.SettleAsync();

        Assert.Equal(["reason"], await ProblemFieldsAsync(refused));
        Assert.Empty(await Host.AlertsAsync("kind=watch-list&status=all"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.ClientAs("teacher").GetAsync("/api/v1/campuses/hj/watch-list")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_face_at_the_gate_just_after_a_visitor_checked_in_there_is_no_intruder_but_later_it_is()
    {
        var code = await RegisterAsync(Visit("Liu Fang"));
        await VisitWhenAsync(code, v => (string?)v["status"] == "expected");
        await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{code}/check-in", new { gateId = "gate-north" });
        await VisitWhenAsync(code, v => (string?)v["status"] == "on-campus");
        var now = await Host.NowAsync();

        var face = await Host.PostEventsAsync("gate-north-reader", Access("gate-north-reader", null, now.AddMinutes(1)));
        Assert.Equal(HttpStatusCode.Accepted, face.StatusCode);
        await Host.SettleAsync();
        Assert.Empty(await Host.AlertsAsync("kind=intruder&status=all"));

        await Host.AdvanceAsync(TimeSpan.FromMinutes(20));
        await Host.PostEventsAsync("gate-north-reader", Access("gate-north-reader", null, now.AddMinutes(20)));
        Assert.Single(await Host.AlertsWhenAsync("kind=intruder", a => a.Count == 1, "the later intruder alert"));
    }

    [Fact]
    public async Task A_visitor_still_on_campus_half_an_hour_after_departure_raises_overstay_which_check_out_clears()
    {
        var code = await RegisterAsync(Visit("Wu Min"));
        await VisitWhenAsync(code, v => (string?)v["status"] == "expected");
        await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{code}/check-in", new { gateId = "gate-north" });
        await VisitWhenAsync(code, v => (string?)v["status"] == "on-campus");

        await Host.AdvanceAsync(TimeSpan.FromMinutes(89));
        Assert.Empty(await Host.AlertsAsync("kind=visitor-overstay"));
        await Host.AdvanceAsync(TimeSpan.FromMinutes(2));
        var overstay = Assert.Single(await Host.AlertsWhenAsync("kind=visitor-overstay", a => a.Count == 1, "the overstay alert"));
        Assert.Equal(("warning", "security"), ((string?)overstay!["severity"], (string?)overstay["role"]));

        await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{code}/check-out", new { });
        var cleared = await Host.AlertsWhenAsync("kind=visitor-overstay&status=all", a => a.Count == 1 && (string?)a[0]!["status"] == "resolved", "the overstay cleared");
        Assert.Equal("condition-cleared", (string?)cleared[0]!["outcome"]);
    }

    [Fact]
    public async Task A_kiosk_checks_a_visitor_in_and_out_by_code_and_a_burst_of_made_up_codes_raises_one_alert_and_lets_nobody_in()
    {
        const string Kiosk = "gate-north-kiosk";
        var code = await RegisterAsync(Visit("Kiosk Visitor"));
        await VisitWhenAsync(code, v => (string?)v["status"] == "expected");
        var now = await Host.NowAsync();
        object Shown(string type, string visitCode, DateTimeOffset at) => new
        {
            eventId = Guid.NewGuid().ToString("N"), deviceId = Kiosk, occurredAt = at.ToString("yyyy-MM-dd'T'HH:mm:sszzz"), type, visitCode,
        };

        // The visitor types the code in lower case with a dash.
        var typed = code.ToLowerInvariant().Insert(4, "-");
        Assert.Equal(HttpStatusCode.Accepted, (await Host.PostEventsAsync(Kiosk, new[] { Shown("visitor-in", typed, now) })).StatusCode);
        await VisitWhenAsync(code, v => (string?)v["status"] == "on-campus");

        // A hostile device (or a visitor guessing) tries 200 codes, some not even of the form.
        var random = new Random(7);
        var guesses = Enumerable.Range(0, 200).Select(i => i % 10 == 0
            ? "X0" + i
            : new string([.. Enumerable.Range(0, 8).Select(_ => Actors.Visitors.VisitCodes.Alphabet[random.Next(Actors.Visitors.VisitCodes.Alphabet.Length)])])).ToList();
        var burst = await Host.PostEventsAsync(Kiosk, guesses.Select(g => Shown("visitor-in", g, now.AddSeconds(30))).ToArray());
        var receipt = (await burst.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Accepted, burst.StatusCode);
        Assert.Equal((180, 20), ((int)receipt["accepted"]!, receipt["rejected"]!.AsArray().Count));
        Assert.All(receipt["rejected"]!.AsArray(), r => Assert.Equal(["visitCode"], r!["errors"]!.AsObject().Select(e => e.Key)));

        var invalid = await Host.AlertsWhenAsync("kind=visit-code-invalid", a => a.Count >= 1, "the invalid-code alert");
        Assert.Single(invalid);
        Assert.Equal(("warning", "gate-north"), ((string?)invalid[0]!["severity"], (string?)invalid[0]!["locationId"]));
        var onCampus = (await Client.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/visits"))!.Where(v => (string?)v!["status"] == "on-campus");
        Assert.Equal([code], onCampus.Select(v => (string?)v!["code"]));

        // The real code shown again after the check-in: someone else is using it.
        await Host.PostEventsAsync(Kiosk, new[] { Shown("visitor-in", code, now.AddMinutes(1)) });
        Assert.Single(await Host.AlertsWhenAsync("kind=visit-code-reused", a => a.Count == 1, "the reused-code alert"));
        await Host.PostEventsAsync(Kiosk, new[] { Shown("visitor-out", code, now.AddMinutes(2)) });
        await VisitWhenAsync(code, v => (string?)v["status"] == "left");
    }

    [Fact]
    public async Task A_guard_whose_account_was_just_removed_can_no_longer_check_anyone_in()
    {
        var code = await RegisterAsync(Visit("Late Guest"));
        await VisitWhenAsync(code, v => (string?)v["status"] == "expected");
        using var admin = Host.CreateClient();

        var removed = await admin.DeleteAsync($"/api/v1/accounts/{(string?)Host.Account("security")["userName"]}");
        var checkIn = await Client.PostAsJsonAsync($"/api/v1/campuses/hj/visits/{code}/check-in", new { gateId = "gate-north" });
        var list = await Client.GetAsync("/api/v1/campuses/hj/visits");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, checkIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal("expected", (string?)(await VisitWhenAsync(code, v => true, admin))["status"]);
    }
}
