using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>The read API: campuses, layout, presence, timelines, devices and alert filters (SQLite).</summary>
public sealed class QueryApiTests : IAsyncLifetime
{
    private const string Gate = "gate-north-reader";
    private readonly CampusHostFactory _host = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _host.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task The_campus_list_has_the_demo_campus()
    {
        var campuses = await _client.GetFromJsonAsync<JsonArray>("/api/v1/campuses");

        var campus = Assert.Single(campuses!)!;
        Assert.Equal("hj", (string?)campus["campusId"]);
        Assert.Equal("Asia/Shanghai", (string?)campus["timeZone"]);
    }

    [Fact]
    public async Task The_layout_lists_gates_dorms_classrooms_zones_and_the_roster_size()
    {
        var layout = await _client.GetFromJsonAsync<JsonObject>("/api/v1/campuses/hj");

        Assert.Equal(["gate-north", "gate-south", "gate-east"], layout!["gates"]!.AsArray().Select(g => (string?)g!["id"]));
        Assert.Equal(4, layout["dorms"]!.AsArray().Count);
        Assert.Equal(20, layout["classrooms"]!.AsArray().Count);
        Assert.Contains(layout["zones"]!.AsArray(), z => (string?)z!["id"] == "pond" && (string?)z["kind"] == "hazard");
        Assert.Equal(640, (int)layout["students"]!);
    }

    [Fact]
    public async Task An_unknown_campus_is_not_found()
    {
        var response = await _client.GetAsync("/api/v1/campuses/nowhere/alerts");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task After_a_gate_scan_in_the_student_is_present_on_campus()
    {
        await _host.PostEventsAsync(Gate, Access(Gate, _host.DayStudent, SchoolMorning));
        await _host.SettleAsync();

        var presence = await EventuallyAsync(async () => (await _client.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/presence"))!,
            p => p.Any(l => (string?)l!["locationId"] == "on-campus"), "the student on campus");

        var onCampus = presence.Single(l => (string?)l!["locationId"] == "on-campus")!;
        Assert.Contains(onCampus["students"]!.AsArray(), s => (string?)s!["studentId"] == _host.DayStudent);
    }

    [Fact]
    public async Task A_camera_zone_count_is_presence_at_the_zone_without_names()
    {
        await _host.PostEventsAsync("cam-pond", new { eventId = "pond-1", deviceId = "cam-pond", occurredAt = SchoolMorning, type = "zone", zoneId = "pond", count = 2 });
        await _host.PostEventsAsync("cam-pond", new { eventId = "pond-2", deviceId = "cam-pond", occurredAt = SchoolMorning.AddMinutes(1), type = "zone", zoneId = "pond", count = 1 });
        await _host.SettleAsync();

        var presence = await EventuallyAsync(async () => (await _client.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/presence"))!,
            p => p.Any(l => (string?)l!["locationId"] == "zone:pond" && (int)l["count"]! == 1), "one person at the pond");

        var pond = presence.Single(l => (string?)l!["locationId"] == "zone:pond")!;
        Assert.Empty(pond["students"]!.AsArray());
        Assert.Equal(presence.Select(l => (string?)l!["locationId"]).Order(StringComparer.Ordinal), presence.Select(l => (string?)l!["locationId"]));
    }

    [Fact]
    public async Task The_timeline_of_the_day_lists_the_move_and_the_arrival_notice()
    {
        await _host.PostEventsAsync(Gate, Access(Gate, _host.DayStudent, SchoolMorning));
        await _host.SettleAsync();

        var timeline = await EventuallyAsync(
            async () => (await _client.GetFromJsonAsync<JsonArray>($"/api/v1/campuses/hj/students/{_host.DayStudent}/timeline?date=2026-11-25"))!,
            t => t.Count >= 2, "the timeline");

        Assert.Contains(timeline, e => (string?)e!["what"] == "moved" && (string?)e["to"] == "on-campus");
        Assert.Contains(timeline, e => (string?)e!["what"] == "notice:arrival");
    }

    [Fact]
    public async Task The_timeline_of_another_day_is_empty()
    {
        await _host.PostEventsAsync(Gate, Access(Gate, _host.DayStudent, SchoolMorning));
        await _host.SettleAsync();

        var timeline = await _client.GetFromJsonAsync<JsonArray>($"/api/v1/campuses/hj/students/{_host.DayStudent}/timeline?date=2026-11-24");

        Assert.Empty(timeline!);
    }

    [Fact]
    public async Task The_device_list_has_every_demo_device()
    {
        var devices = await _client.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/devices");

        Assert.Equal(36, devices!.Count);
        Assert.Contains(devices, d => (string?)d!["deviceId"] == "gate-east-anpr" && (string?)d["kind"] == "plate-camera");
        Assert.Contains(devices, d => (string?)d!["deviceId"] == "cam-pond" && (string?)d["kind"] == "camera");
    }

    [Fact]
    public async Task Alerts_filter_by_kind_and_local_date()
    {
        await _host.PostEventsAsync(Gate, Access(Gate, null, SchoolMorning));
        await _host.AlertsWhenAsync("kind=intruder", a => a.Count > 0, "the intruder alert");

        Assert.Single(await _host.AlertsAsync("kind=intruder&date=2026-11-25"));
        Assert.Empty(await _host.AlertsAsync("kind=intruder&date=2026-11-24"));
        Assert.Empty(await _host.AlertsAsync("kind=sos"));
        Assert.Empty(await _host.AlertsAsync("status=resolved"));
    }

    [Theory]
    [InlineData("status=closed", "status")]
    [InlineData("kind=fire", "kind")]
    [InlineData("date=25.11.2026", "date")]
    public async Task A_bad_alert_filter_is_a_validation_problem_naming_the_field(string query, string field)
    {
        var response = await _client.GetAsync($"/api/v1/campuses/hj/alerts?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await ProblemFieldsAsync(response));
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    public async Task Issue13_a_timeline_or_alert_date_at_the_ends_of_the_calendar_is_a_validation_problem_not_a_server_error(string date)
    {
        using var guardian = _host.ClientAs("guardian");
        var timeline = await _client.GetAsync($"/api/v1/campuses/hj/students/{_host.DayStudent}/timeline?date={date}");
        var ownChild = await guardian.GetAsync($"/api/v1/campuses/hj/students/{_host.BoardingStudent}/timeline?date={date}");
        var alerts = await _client.GetAsync($"/api/v1/campuses/hj/alerts?date={date}");

        foreach (var response in new[] { timeline, ownChild, alerts })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["date"], await ProblemFieldsAsync(response));
        }
    }

    [Theory]
    [InlineData("0001-01-02")]
    [InlineData("9999-12-30")]
    public async Task The_first_and_last_dates_a_campus_day_can_span_are_answered(string date)
    {
        var timeline = await _client.GetAsync($"/api/v1/campuses/hj/students/{_host.DayStudent}/timeline?date={date}");
        var alerts = await _client.GetAsync($"/api/v1/campuses/hj/alerts?date={date}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (timeline.StatusCode, alerts.StatusCode));
        Assert.Empty((await timeline.Content.ReadFromJsonAsync<JsonArray>())!);
    }

    [Fact]
    public async Task A_bad_timeline_date_is_a_validation_problem_naming_date()
    {
        var response = await _client.GetAsync($"/api/v1/campuses/hj/students/{_host.DayStudent}/timeline?date=tomorrow");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["date"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task A_roll_call_needs_exactly_one_of_dorm_or_class()
    {
        var response = await _client.GetAsync("/api/v1/campuses/hj/rollcall");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("dorm", await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task A_student_profile_shows_class_dorm_and_where_they_are()
    {
        await _host.PostEventsAsync(Gate, Access(Gate, _host.DayStudent, SchoolMorning));

        var profile = await EventuallyAsync(
            async () => (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/campuses/hj/students/{_host.DayStudent}"))!,
            p => (string?)p["location"] == "on-campus", "the student to be on campus");

        Assert.Equal(_host.DayStudentClass, (string?)profile["classId"]);
        Assert.False((bool)profile["boarding"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/campuses/hj/students/S9999")).StatusCode);
    }
}
