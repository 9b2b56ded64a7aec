using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>What every device endpoint shares: the per-device limit and the body reader's rules.</summary>
public sealed class DeviceRequestTests
{
    private const string Gate = "gate-north-reader";

    [Fact]
    public async Task Issue13_a_keyless_flood_does_not_spend_the_budget_of_a_device_that_sends_its_key_in_the_query()
    {
        await using var host = new CampusHostFactory(settings: ("Campus:DeviceRequestsPerSecond", "5"));
        var key = Uri.EscapeDataString(host.KeyOf(Gate));
        using var client = host.AnonymousClient();

        var keyless = new List<HttpStatusCode>();
        var keyed = new List<HttpStatusCode>();
        // Four posts of the controller (within its budget of 5 a second), each right after a flood without a key.
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < 10; i++)
                keyless.Add((await client.PostAsync("/api/v1/adapters/hikvision", Heartbeat())).StatusCode);
            keyed.Add((await client.PostAsync($"/api/v1/adapters/hikvision?key={key}", Heartbeat())).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, keyless);
        Assert.All(keyless, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"a keyless request got {s}"));
        Assert.All(keyed, s => Assert.True((int)s is >= 200 and < 300, $"the controller got {s}"));
    }

    [Fact]
    public async Task Issue13_an_event_naming_a_field_twice_is_refused_and_nothing_is_stored()
    {
        await using var host = new CampusHostFactory();

        var response = await host.PostEventsAsync(Gate,
            $$"""{"eventId":"twice-1","deviceId":"{{Gate}}","occurredAt":"2026-11-25T10:00:00+08:00","type":"access","personId":"{{host.DayStudent}}","personId":null}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$"], await ProblemFieldsAsync(response));
        await host.SettleAsync();
        Assert.Empty(await host.AlertsAsync("status=all"));
    }

    [Fact]
    public async Task Issue13_a_hikvision_notification_naming_a_field_twice_is_refused()
    {
        await using var host = new CampusHostFactory();
        using var gate = host.DeviceClient(Gate);
        var notification = $$$"""
            {"eventType":"AccessControllerEvent","eventState":"active","dateTime":"2026-11-25T10:00:00+08:00",
             "AccessControllerEvent":{"majorEventType":5,"subEventType":75,"serialNo":7,"employeeNoString":"{{{host.DayStudent}}}","subEventType":76}}
            """;

        var json = await gate.PostAsync("/api/v1/adapters/hikvision", new StringContent(notification, Encoding.UTF8, "application/json"));
        using var multipart = new MultipartFormDataContent("MIME_boundary") { { new StringContent(notification, Encoding.UTF8, "application/json"), "event_log" } };
        var part = await gate.PostAsync("/api/v1/adapters/hikvision", multipart);

        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, part.StatusCode);
        Assert.Equal(["event_log"], await ProblemFieldsAsync(part));
        await host.SettleAsync();
        Assert.Empty(await host.AlertsAsync("status=all"));
    }

    [Fact]
    public async Task An_event_whose_nested_objects_repeat_each_others_keys_is_accepted()
    {
        await using var host = new CampusHostFactory();

        var response = await host.PostEventsAsync(Gate,
            $$$"""{"eventId":"nested-1","deviceId":"{{{Gate}}}","occurredAt":"2026-11-25T10:00:00+08:00","type":"heartbeat","vendor":{"deviceId":"x"}}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!);
    }

    private static StringContent Heartbeat() =>
        new($$"""{"eventType":"heartBeat","eventState":"active","dateTime":"{{SchoolMorning:yyyy-MM-dd'T'HH:mm:sszzz}}"}""", Encoding.UTF8, "application/json");
}
