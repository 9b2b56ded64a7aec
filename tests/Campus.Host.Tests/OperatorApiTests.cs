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
