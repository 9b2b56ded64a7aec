using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>The events API on SQLite.</summary>
public sealed class SqliteIngestApiTests : IngestApiTests
{
    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>The events API on PostgreSQL, a fresh database per test.</summary>
[Collection("host-postgres")]
public sealed class PostgresIngestApiTests(HostPostgresFixture fixture) : IngestApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await fixture.Server.CreateDatabaseAsync("ingest");
}

/// <summary><c>POST /api/v1/events</c>: authentication, validation by field, limits and de-duplication.</summary>
public abstract class IngestApiTests : IAsyncLifetime
{
    private const string Gate = "gate-north-reader";
    private CampusHostFactory _host = null!;

    /// <summary>A PostgreSQL connection string, or null for SQLite.</summary>
    protected abstract Task<string?> ConnectionStringAsync();

    public async Task InitializeAsync() => _host = new CampusHostFactory(await ConnectionStringAsync());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task One_valid_event_is_accepted()
    {
        var response = await _host.PostEventsAsync(Gate, Access(Gate, _host.DayStudent, SchoolMorning));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(1, (int)receipt!["accepted"]!);
        Assert.Equal(0, (int)receipt["duplicates"]!);
        Assert.Empty(receipt["rejected"]!.AsArray());
    }

    [Fact]
    public async Task Posting_a_batch_with_one_bad_event_accepts_the_rest_and_names_the_bad_fields()
    {
        var bad = Access(Gate, _host.DayStudent, SchoolMorning);
        bad["occurredAt"] = "yesterday";
        bad["type"] = "teleport";

        var response = await _host.PostEventsAsync(Gate, new[] { Access(Gate, _host.DayStudent, SchoolMorning), bad, Access(Gate, _host.BoardingStudent, SchoolMorning) });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(2, (int)receipt!["accepted"]!);
        var rejected = Assert.Single(receipt["rejected"]!.AsArray())!;
        Assert.Equal(1, (int)rejected["index"]!);
        Assert.Equal(["occurredAt", "type"], rejected["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_same_event_posted_twice_is_a_duplicate_and_raises_one_alert()
    {
        var unknownFace = Access(Gate, null, SchoolMorning, eventId: "face-1");

        var first = await (await _host.PostEventsAsync(Gate, unknownFace)).Content.ReadFromJsonAsync<JsonObject>();
        var second = await _host.PostEventsAsync(Gate, unknownFace);

        Assert.Equal(1, (int)first!["accepted"]!);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var receipt = await second.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(0, (int)receipt!["accepted"]!);
        Assert.Equal(1, (int)receipt["duplicates"]!);
        var alerts = await _host.AlertsWhenAsync("status=all&kind=intruder", a => a.Count > 0, "the intruder alert");
        Assert.Single(alerts);
    }

    [Fact]
    public async Task A_batch_of_only_invalid_events_is_a_validation_problem_naming_each_field_by_index()
    {
        var response = await _host.PostEventsAsync(Gate, """[{"eventId":"a","deviceId":"gate-north-reader","occurredAt":"2026-11-25T10:00:00+08:00","type":"fly"},{"type":"access"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = await ProblemFieldsAsync(response);
        Assert.Contains("[0].type", fields);
        Assert.Contains("[1].eventId", fields);
        Assert.Contains("[1].occurredAt", fields);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        var response = await _host.PostEventsAsync(Gate, """{"eventId": "a", "deviceId": """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$", await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task A_body_that_is_not_valid_utf8_is_a_bad_request()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"eventId":"X","deviceId":"{{Gate}}","occurredAt":"2026-11-25T10:00:00+08:00","type":"heartbeat"}""");
        json[12] = 0xC3; // the X: a lead byte without its continuation
        using var client = _host.DeviceClient(Gate);
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new("application/json");

        var response = await client.PostAsync("/api/v1/events", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task A_string_with_a_lone_surrogate_is_rejected_naming_its_field()
    {
        var response = await _host.PostEventsAsync(Gate, $$"""[{"eventId":"\ud800","deviceId":"{{Gate}}","occurredAt":"2026-11-25T10:00:00+08:00","type":"heartbeat"},{"eventId":"ok","deviceId":"{{Gate}}","occurredAt":"2026-11-25T10:00:00+08:00","type":"\udfff"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["[0].eventId", "[1].type"], (await ProblemFieldsAsync(response)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_request_without_a_device_key_is_unauthorized()
    {
        using var client = _host.DeviceClient(null);

        var response = await client.PostAsJsonAsync("/api/v1/events", Access(Gate, _host.DayStudent, SchoolMorning));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_request_with_an_unknown_device_key_is_unauthorized()
    {
        using var client = _host.DeviceClient(null);
        client.DefaultRequestHeaders.Add("X-Device-Key", "not-a-key-of-any-device");

        var response = await client.PostAsJsonAsync("/api/v1/events", Access(Gate, _host.DayStudent, SchoolMorning));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_key_of_another_device_is_forbidden_and_nothing_is_stored()
    {
        var response = await _host.PostEventsAsync("gate-south-reader", Access(Gate, null, SchoolMorning));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await _host.SettleAsync();
        Assert.Empty(await _host.AlertsAsync("status=all"));
        using var client = _host.CreateClient();
        var devices = await client.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/devices");
        Assert.Null(devices!.Single(d => (string?)d!["deviceId"] == Gate)!["lastHeard"]);
    }

    [Fact]
    public async Task More_than_a_thousand_events_in_one_request_is_too_large()
    {
        var events = Enumerable.Range(0, 1001).Select(i => Access(Gate, _host.DayStudent, SchoolMorning, eventId: $"e{i}")).ToArray();

        var response = await _host.PostEventsAsync(Gate, events);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_too_large()
    {
        var padding = new string('x', 1024 * 1024);
        var response = await _host.PostEventsAsync(Gate, $$"""{"eventId":"big","deviceId":"{{Gate}}","occurredAt":"2026-11-25T10:00:00+08:00","type":"heartbeat","note":"{{padding}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_event_far_in_the_future_is_rejected_naming_occurredAt()
    {
        var response = await _host.PostEventsAsync(Gate, new[] { Access(Gate, _host.DayStudent, SchoolMorning), Access(Gate, _host.DayStudent, SchoolMorning.AddHours(1)) });

        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(1, (int)receipt!["accepted"]!);
        var rejected = Assert.Single(receipt["rejected"]!.AsArray())!;
        Assert.Equal(1, (int)rejected["index"]!);
        Assert.Equal("occurredAt", Assert.Single(rejected["errors"]!.AsObject()).Key);
    }

    [Fact]
    public async Task A_device_sending_faster_than_its_limit_gets_too_many_requests_with_retry_after()
    {
        await using var host = new CampusHostFactory(await ConnectionStringAsync(), settings: ("Campus:DeviceRequestsPerSecond", "2"));
        using var client = host.DeviceClient(Gate);
        var body = """{"eventId":"hb","deviceId":"gate-north-reader","occurredAt":"2026-11-25T10:00:00+08:00","type":"heartbeat"}""";

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
            responses.Add(await client.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json")));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.NotNull(r.Headers.RetryAfter));
    }
}
