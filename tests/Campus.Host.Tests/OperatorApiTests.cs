using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>The operator commands on SQLite.</summary>
public sealed class SqliteOperatorApiTests : OperatorApiTests
{
    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>The operator commands on PostgreSQL, a fresh database per test.</summary>
[Collection("host-postgres")]
public sealed class PostgresOperatorApiTests(HostPostgresFixture fixture) : OperatorApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await fixture.Server.CreateDatabaseAsync("operator");
}

/// <summary>Acknowledge, resolve and leave approval through the API, against the alerts the runtime raises.</summary>
public abstract class OperatorApiTests : IAsyncLifetime
{
    private const string Gate = "gate-north-reader";
    private CampusHostFactory _host = null!;
    private HttpClient _client = null!;

    protected abstract Task<string?> ConnectionStringAsync();

    public async Task InitializeAsync()
    {
        _host = new CampusHostFactory(await ConnectionStringAsync());
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task An_unknown_face_at_a_gate_shows_an_open_intruder_alert()
    {
        var alert = await RaiseIntruderAsync();

        Assert.Equal("open", (string?)alert["status"]);
        Assert.Equal("intruder", (string?)alert["kind"]);
    }

    [Fact]
    public async Task Acknowledging_an_alert_makes_it_acknowledged_with_who_and_the_note()
    {
        var id = (string)(await RaiseIntruderAsync())["alertId"]!;

        // Who acknowledges is the signed-in account: a "by" in the body is ignored.
        var response = await _client.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{id}/acknowledge", new { by = "guard-wang", note = "on my way" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var alert = await AlertWhenAsync(id, a => (string?)a["status"] == "acknowledged");
        var admin = (string)_host.Account("admin")["userName"]!;
        Assert.Contains(alert["history"]!.AsArray(), h => (string?)h!["by"] == admin && (string?)h["note"] == "on my way");
    }

    [Fact]
    public async Task Acknowledging_an_acknowledged_alert_again_is_a_conflict()
    {
        var id = (string)(await RaiseIntruderAsync())["alertId"]!;
        await _client.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{id}/acknowledge", new { by = "guard-wang" });
        await AlertWhenAsync(id, a => (string?)a["status"] == "acknowledged");

        var again = await _client.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{id}/acknowledge", new { by = "guard-li" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Resolving_without_a_note_is_refused_naming_note()
    {
        var id = (string)(await RaiseIntruderAsync())["alertId"]!;

        var response = await _client.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{id}/resolve", new { by = "guard-wang", outcome = "false-alarm" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["note"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task Resolving_with_an_unknown_outcome_is_refused_naming_outcome()
    {
        var id = (string)(await RaiseIntruderAsync())["alertId"]!;

        var response = await _client.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{id}/resolve", new { by = "guard-wang", outcome = "vanished", note = "?" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["outcome"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task Resolving_an_alert_makes_it_resolved_with_its_outcome()
    {
        var id = (string)(await RaiseIntruderAsync())["alertId"]!;

        var response = await _client.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{id}/resolve", new { by = "guard-wang", outcome = "false-alarm", note = "a parent without a badge" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var alert = await AlertWhenAsync(id, a => (string?)a["status"] == "resolved");
        Assert.Equal("false-alarm", (string?)alert["outcome"]);
        Assert.Empty(await _host.AlertsAsync());
    }

    [Fact]
    public async Task Acknowledging_an_unknown_alert_is_not_found()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/campuses/hj/alerts/no-such-alert/acknowledge", new { by = "guard-wang" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_leave_ending_before_it_starts_is_refused_naming_to()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/campuses/hj/leaves",
            Leave(_host.DayStudent, SchoolMorning, SchoolMorning.AddHours(-1)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["to"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task A_leave_for_a_student_not_on_the_roster_is_refused_naming_studentId()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/campuses/hj/leaves",
            Leave("S0000", SchoolMorning, SchoolMorning.AddHours(2)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["studentId"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task A_leave_approved_after_an_exit_during_school_hours_resolves_the_exit_alert_with_leave_added()
    {
        var student = _host.DayStudent;
        await _host.PostEventsAsync(Gate, Access(Gate, student, SchoolMorning.AddMinutes(-5)));
        await _host.PostEventsAsync(Gate, Access(Gate, student, SchoolMorning, direction: "out"));
        var exit = Assert.Single(await _host.AlertsWhenAsync("kind=unauthorized-exit", a => a.Count > 0, "the unauthorized-exit alert"))!;
        Assert.Equal(student, (string?)exit["subject"]!["id"]);

        var response = await _client.PostAsJsonAsync("/api/v1/campuses/hj/leaves",
            Leave(student, SchoolMorning.AddMinutes(-30), SchoolMorning.AddHours(6)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _host.SettleAsync();
        var resolved = await AlertWhenAsync((string)exit["alertId"]!, a => (string?)a["status"] == "resolved");
        Assert.Equal("leave-added", (string?)resolved["outcome"]);
    }

    [Fact]
    public async Task Issue13_an_idempotency_key_another_account_used_for_the_same_student_still_approves_its_leave()
    {
        using var security = _host.ClientAs("security");
        var student = _host.DayStudent;

        var first = await PostWithKeyAsync(_client, "/api/v1/campuses/hj/leaves", "key-1",
            new { leaveId = "L-admin", studentId = student, from = SchoolMorning, to = SchoolMorning.AddHours(2), reason = "dentist" });
        var second = await PostWithKeyAsync(security, "/api/v1/campuses/hj/leaves", "key-1",
            new { leaveId = "L-security", studentId = student, from = SchoolMorning.AddDays(1), to = SchoolMorning.AddDays(1).AddHours(2), reason = "family visit" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("accepted", (string?)(await first.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
        Assert.Equal("accepted", (string?)(await second.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
    }

    [Fact]
    public async Task Issue13_an_idempotency_key_used_to_acknowledge_an_alert_still_resolves_it()
    {
        var id = (string)(await RaiseIntruderAsync())["alertId"]!;
        var acknowledged = await PostWithKeyAsync(_client, $"/api/v1/campuses/hj/alerts/{id}/acknowledge", "shift-7", new { note = "on my way" });
        Assert.Equal(HttpStatusCode.Accepted, acknowledged.StatusCode);
        await AlertWhenAsync(id, a => (string?)a["status"] == "acknowledged");

        var resolved = await PostWithKeyAsync(_client, $"/api/v1/campuses/hj/alerts/{id}/resolve", "shift-7", new { outcome = "false-alarm", note = "a parent" });

        Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);
        Assert.Equal("accepted", (string?)(await resolved.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
        var alert = await AlertWhenAsync(id, a => (string?)a["status"] == "resolved");
        Assert.Equal("false-alarm", (string?)alert["outcome"]);
    }

    [Fact]
    public async Task Issue13_an_idempotency_key_reused_with_a_different_body_is_unprocessable_and_changes_nothing()
    {
        var student = _host.DayStudent;
        var first = await PostWithKeyAsync(_client, "/api/v1/campuses/hj/leaves", "key-2",
            new { leaveId = "L-first", studentId = student, from = SchoolMorning, to = SchoolMorning.AddHours(2), reason = "dentist" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        var other = await PostWithKeyAsync(_client, "/api/v1/campuses/hj/leaves", "key-2",
            new { leaveId = "L-other", studentId = student, from = SchoolMorning.AddDays(1), to = SchoolMorning.AddDays(1).AddHours(2), reason = "family visit" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        var audit = (await _client.GetFromJsonAsync<JsonArray>("/api/v1/audit"))!.Where(e => (string?)e!["action"] == "approve-leave").ToList();
        Assert.Equal(["accepted", "refused"], audit.Select(e => (string?)e!["outcome"]));
    }

    [Fact]
    public async Task A_command_sent_again_with_the_same_idempotency_key_and_body_is_a_duplicate()
    {
        object leave = new { studentId = _host.DayStudent, from = SchoolMorning, to = SchoolMorning.AddHours(2), reason = "dentist" };
        var first = await PostWithKeyAsync(_client, "/api/v1/campuses/hj/leaves", "key-3", leave);
        var again = await PostWithKeyAsync(_client, "/api/v1/campuses/hj/leaves", "key-3", leave);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var firstReceipt = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var againReceipt = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("accepted", (string?)firstReceipt["status"]);
        Assert.Equal("duplicate", (string?)againReceipt["status"]);
        // Without a leaveId the retry names the leave the first attempt approved.
        Assert.Equal((string?)firstReceipt["id"], (string?)againReceipt["id"]);
    }

    [Fact]
    public async Task Issue13_a_leave_reason_over_2000_characters_is_refused_naming_reason()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/campuses/hj/leaves",
            new { studentId = _host.DayStudent, from = SchoolMorning, to = SchoolMorning.AddHours(2), reason = new string('x', 1024 * 1024) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["reason"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task Issue13_an_over_long_leave_id_is_refused_naming_leaveId()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/campuses/hj/leaves",
            new { leaveId = new string('L', 3000), studentId = _host.DayStudent, from = SchoolMorning, to = SchoolMorning.AddHours(2), reason = "dentist" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["leaveId"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task Issue13_a_command_body_naming_a_field_twice_is_a_bad_request()
    {
        var id = (string)(await RaiseIntruderAsync())["alertId"]!;

        var response = await _client.PostAsync($"/api/v1/campuses/hj/alerts/{id}/resolve",
            new StringContent("""{"outcome":"found","note":"with the dorm supervisor","outcome":"false-alarm"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await _host.SettleAsync();
        Assert.Equal("open", (string?)(await _client.GetFromJsonAsync<JsonObject>($"/api/v1/campuses/hj/alerts/{id}"))!["status"]);
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static object Leave(string studentId, DateTimeOffset from, DateTimeOffset to) =>
        new { studentId, from, to, reason = "dentist", approvedBy = "teacher-zhao" };

    private async Task<JsonObject> RaiseIntruderAsync()
    {
        var response = await _host.PostEventsAsync(Gate, Access(Gate, null, SchoolMorning));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var alerts = await _host.AlertsWhenAsync("kind=intruder", a => a.Count > 0, "the intruder alert");
        return Assert.Single(alerts)!.AsObject();
    }

    private async Task<JsonObject> AlertWhenAsync(string alertId, Func<JsonObject, bool> done)
    {
        await _host.SettleAsync();
        return await EventuallyAsync(async () => (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/campuses/hj/alerts/{alertId}"))!, done, $"alert {alertId}");
    }
}
