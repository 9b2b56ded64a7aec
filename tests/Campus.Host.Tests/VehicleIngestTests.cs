using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Campus.Actors.Devices;
using Campus.Host.Ingest;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>The native <c>visitor-in</c>, <c>visitor-out</c> and <c>plate</c> events, read by <see cref="DeviceEventParser"/> (no host).</summary>
public sealed class VehicleIngestTests
{
    private static readonly DateTimeOffset Now = SchoolMorning;

    private static ParsedEvent Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return DeviceEventParser.Parse(document.RootElement, Now, TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));
    }

    private static string Event(string type, string fields) =>
        $$"""{"eventId":"e1","deviceId":"gate-north-kiosk","occurredAt":"2026-11-25T09:58:00+08:00","type":"{{type}}"{{fields}}}""";

    [Theory]
    [InlineData("visitor-in", Direction.In)]
    [InlineData("visitor-out", Direction.Out)]
    public void A_visitor_event_carries_its_code_normalised_and_its_way_from_the_type(string type, Direction direction)
    {
        var parsed = Parse(Event(type, ""","visitCode":"k7qm-2xpa" """));

        Assert.Empty(parsed.Errors);
        var report = parsed.Event!;
        Assert.Equal((DeviceEventType.Visitor, direction, "K7QM2XPA"), (report.Type, report.Direction, report.VisitCode));
        Assert.Null(report.Plate);
    }

    [Fact]
    public void A_visitor_event_without_a_code_is_refused_naming_visitCode()
    {
        var parsed = Parse(Event("visitor-in", ""));

        Assert.Null(parsed.Event);
        Assert.Equal(["visitCode"], parsed.Errors.Keys);
    }

    [Theory]
    [InlineData("\"K7QM2XP\"")]
    [InlineData("\"K7QM2XPA9\"")]
    [InlineData("\"K7QM2XP0\"")]
    [InlineData("\"../alert/hj/x\"")]
    [InlineData("12345678")]
    public void A_visitor_event_with_a_code_that_is_no_visit_code_is_refused_naming_visitCode(string code)
    {
        var parsed = Parse(Event("visitor-out", $$""","visitCode":{{code}}"""));

        Assert.Null(parsed.Event);
        var (field, reasons) = Assert.Single(parsed.Errors);
        Assert.Equal("visitCode", field);
        if (code.StartsWith('"')) Assert.Equal(["must be a visit code of 8 letters and digits"], reasons);
    }

    [Fact]
    public void A_visitor_in_event_with_direction_out_is_refused_naming_direction()
    {
        var parsed = Parse(Event("visitor-in", ""","visitCode":"K7QM2XPA","direction":"out" """));

        Assert.Null(parsed.Event);
        Assert.Equal(["direction"], parsed.Errors.Keys);
    }

    [Fact]
    public void A_plate_event_is_read_with_its_plate_normalised_direction_and_confidence()
    {
        var parsed = Parse(Event("plate", ""","plate":"京b·666 66","direction":"out","confidence":0.91"""));

        Assert.Empty(parsed.Errors);
        var report = parsed.Event!;
        Assert.Equal((DeviceEventType.Plate, Direction.Out, "京B66666", 0.91), (report.Type, report.Direction, report.Plate, report.Confidence));
        Assert.Null(report.VisitCode);
    }

    [Fact]
    public void A_plate_event_without_direction_or_confidence_comes_in_with_no_confidence_said()
    {
        var parsed = Parse(Event("plate", ""","plate":"京A12345" """));

        var report = parsed.Event!;
        Assert.Equal((Direction.In, (double?)null), (report.Direction, report.Confidence));
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","plate":null""")]
    [InlineData(""","plate":"  " """)]
    [InlineData(""","plate":"A" """)]
    [InlineData(""","plate":"ABCDEFGHJK1234567" """)]
    [InlineData(""","plate":12345""")]
    public void A_plate_event_without_a_plate_is_refused_naming_plate(string fields)
    {
        var parsed = Parse(Event("plate", fields));

        Assert.Null(parsed.Event);
        Assert.Equal(["plate"], parsed.Errors.Keys);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("\"0.9\"")]
    [InlineData("true")]
    public void A_plate_event_with_a_confidence_outside_0_to_1_is_refused_naming_confidence(string confidence)
    {
        var parsed = Parse(Event("plate", $$""","plate":"京A12345","confidence":{{confidence}}"""));

        Assert.Null(parsed.Event);
        Assert.Equal(["confidence"], parsed.Errors.Keys);
        Assert.Equal(["must be a number from 0 to 1"], parsed.Errors["confidence"]);
    }

    [Fact]
    public void Fields_of_other_event_types_are_not_read()
    {
        var parsed = Parse(Event("heartbeat", ""","plate":12,"visitCode":"?","confidence":7"""));

        Assert.Empty(parsed.Errors);
        Assert.Equal((null, null, (double?)null), (parsed.Event!.Plate, parsed.Event.VisitCode, parsed.Event.Confidence));
    }
}

/// <summary>Visitor and plate events through <c>POST /api/v1/events</c> (SQLite).</summary>
public sealed class VehicleIngestApiTests : IAsyncLifetime
{
    private const string Gate = "gate-north-reader";
    private readonly CampusHostFactory _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Dictionary<string, object?> Event(string type, string eventId, params (string Key, object? Value)[] fields)
    {
        var item = new Dictionary<string, object?>
        {
            ["eventId"] = eventId,
            ["deviceId"] = Gate,
            ["occurredAt"] = SchoolMorning.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            ["type"] = type,
        };
        foreach (var (key, value) in fields) item[key] = value;
        return item;
    }

    [Fact]
    public async Task Visitor_and_plate_events_are_accepted_and_a_bad_one_is_rejected_naming_its_field()
    {
        var response = await _host.PostEventsAsync(Gate, new[]
        {
            Event("visitor-in", "v1", ("visitCode", "K7QM-2XPA")),
            Event("plate", "p1", ("plate", "京A·12345"), ("confidence", 0.95)),
            Event("visitor-out", "v2", ("visitCode", "nope")),
            Event("plate", "p2", ("plate", "京A12345"), ("confidence", 95)),
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(2, (int)receipt!["accepted"]!);
        var rejected = receipt["rejected"]!.AsArray();
        Assert.Equal([2, 3], rejected.Select(r => (int)r!["index"]!));
        Assert.Equal(["visitCode"], rejected[0]!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(["confidence"], rejected[1]!["errors"]!.AsObject().Select(e => e.Key));
    }
}
