using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campus.Host.Tests.Hub;

namespace Campus.Console.Tests;

/// <summary>
/// The host's API as the tests drive it: device scans with their keys, and, signed in as the demo
/// security account, the simulated clock and queries.
/// </summary>
public sealed class CampusApi(KestrelCampusHost host) : IDisposable
{
    private static int s_eventNumber;
    private readonly HttpClient _http = host.SignedInClientAsync("security").GetAwaiter().GetResult();

    public string CampusId => host.Demo.CampusId;

    /// <summary>The demo account of a role.</summary>
    public KestrelCampusHost.DemoAccount Account(string role) => host.Account(role);

    /// <summary>An absolute address on the host.</summary>
    public string Url(string path) => new Uri(host.BaseAddress, path).ToString();

    /// <summary>The console's address for a hash route, e.g. <c>wall?campus=hj</c>.</summary>
    public string Page(string route) => new Uri(host.BaseAddress, "/#/" + route).ToString();

    /// <summary>The simulated clock's now.</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        var clock = await _http.GetFromJsonAsync<JsonElement>("/api/v1/sim/clock");
        return clock.GetProperty("now").GetDateTimeOffset();
    }

    public async Task AdvanceToAsync(string time)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/sim/clock", new { advanceTo = time });
        await EnsureAsync(response);
    }

    public async Task AdvanceByAsync(TimeSpan by)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = by.ToString("c") });
        await EnsureAsync(response);
    }

    /// <summary>An access scan at a reader now (simulated time); <paramref name="personId"/> null is an unknown face.</summary>
    public Task ScanAsync(string deviceId, string? personId, string direction = "in", DateTimeOffset? at = null) =>
        ScanAsync(deviceId, [personId], direction, at);

    /// <summary>Access scans of several people at one reader, as one batch.</summary>
    public async Task ScanAsync(string deviceId, IReadOnlyList<string?> personIds, string direction = "in", DateTimeOffset? at = null)
    {
        var occurredAt = at ?? await NowAsync();
        var events = personIds.Select(personId => new
        {
            eventId = $"console-test-{Interlocked.Increment(ref s_eventNumber)}-{Guid.NewGuid():N}",
            deviceId,
            occurredAt,
            type = "access",
            personId,
            direction,
        }).ToArray();
        await PostEventsAsync(deviceId, events);
    }

    /// <summary>A camera counts <paramref name="count"/> people in its zone now.</summary>
    public async Task ZoneCountAsync(string deviceId, string zoneId, int count)
    {
        var occurredAt = await NowAsync();
        await PostEventsAsync(deviceId, [new { eventId = $"console-test-zone-{Guid.NewGuid():N}", deviceId, occurredAt, type = "zone", zoneId, count }]);
    }

    /// <summary>An alarm (sos, intrusion, tamper, tailgate) from a device now.</summary>
    public async Task AlarmAsync(string deviceId, string alarm)
    {
        var occurredAt = await NowAsync();
        await PostEventsAsync(deviceId, [new { eventId = $"console-test-alarm-{Guid.NewGuid():N}", deviceId, occurredAt, type = "alarm", alarm }]);
    }

    /// <summary>A heartbeat from each device now, except those named.</summary>
    public async Task HeartbeatsAsync(params string[] except)
    {
        var occurredAt = await NowAsync();
        foreach (var device in host.Demo.Devices.Where(d => !except.Contains(d.Id)))
            await PostEventsAsync(device.Id, [new { eventId = $"console-test-hb-{Guid.NewGuid():N}", deviceId = device.Id, occurredAt, type = "heartbeat" }]);
    }

    /// <summary>Moves the simulated clock to <paramref name="time"/> a minute at a time, the devices heartbeating as they go.</summary>
    public async Task AdvanceWithHeartbeatsAsync(string time, params string[] silent)
    {
        var to = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);
        for (var now = await NowAsync(); now < to; now = await NowAsync())
        {
            await HeartbeatsAsync(silent);
            var next = now.AddMinutes(1) < to ? now.AddMinutes(1) : to;
            await AdvanceToAsync(next.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A plate camera reads a plate now (simulated time), going in or out.</summary>
    public async Task PlateAsync(string deviceId, string plate, string direction = "in", double confidence = 0.95)
    {
        var occurredAt = await NowAsync();
        await PostEventsAsync(deviceId, [new { eventId = $"console-test-plate-{Guid.NewGuid():N}", deviceId, occurredAt, type = "plate", plate, direction, confidence }]);
    }

    /// <summary>Registers an expected visit to a class as the security account; returns the visit code.</summary>
    public async Task<string> RegisterVisitAsync(string visitorName, string classId, DateTimeOffset arrival, DateTimeOffset departure, int companions = 0)
    {
        using var response = await _http.PostAsJsonAsync($"/api/v1/campuses/{CampusId}/visits", new
        {
            visitorName, phone = "138 0013 8000", purpose = "Meeting the class teacher", hostKind = "class", hostId = classId,
            expectedArrival = arrival, expectedDeparture = departure, companions,
        });
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The demo guardian asks to visit their child (the sample boarder); returns the visit code.</summary>
    public async Task<string> RequestVisitAsync(string visitorName, DateTimeOffset arrival, DateTimeOffset departure)
    {
        using var guardian = await host.SignedInClientAsync("guardian");
        using var response = await guardian.PostAsJsonAsync($"/api/v1/campuses/{CampusId}/visit-requests", new
        {
            visitorName, phone = "139 0000 0001", purpose = "Bringing a coat", studentId = host.Demo.Samples.BoardingStudent.Id,
            expectedArrival = arrival, expectedDeparture = departure, companions = 0,
        });
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Approves a guardian's visit request as the security account.</summary>
    public async Task ApproveVisitAsync(string code)
    {
        using var response = await _http.PostAsJsonAsync($"/api/v1/campuses/{CampusId}/visits/{Uri.EscapeDataString(code)}/approve", new { });
        await EnsureAsync(response);
    }

    /// <summary>Declines a guardian's visit request as the security account, with the reason the guardian is told.</summary>
    public async Task DeclineVisitAsync(string code, string reason)
    {
        using var response = await _http.PostAsJsonAsync($"/api/v1/campuses/{CampusId}/visits/{Uri.EscapeDataString(code)}/decline", new { reason });
        await EnsureAsync(response);
    }

    /// <summary>Checks a visitor in as the security account.</summary>
    public async Task CheckInVisitAsync(string code, string? gateId = null)
    {
        using var response = await _http.PostAsJsonAsync($"/api/v1/campuses/{CampusId}/visits/{Uri.EscapeDataString(code)}/check-in", new { gateId });
        await EnsureAsync(response);
    }

    private async Task PostEventsAsync(string deviceId, object[] events)
    {
        for (var offset = 0; offset < events.Length; offset += 1000)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
            {
                Content = JsonContent.Create(events.Skip(offset).Take(1000).ToArray()),
            };
            request.Headers.Add("X-Device-Key", host.Device(deviceId).Key);
            using var response = await _http.SendAsync(request);
            await EnsureAsync(response);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(answer.GetProperty("rejected").GetArrayLength() == 0, answer.ToString());
        }
    }

    public async Task<JsonElement> GetAsync(string path) =>
        await _http.GetFromJsonAsync<JsonElement>($"/api/v1/campuses/{CampusId}/{path}");

    /// <summary>The campus's watch list (labels and reasons), as the security account reads it.</summary>
    public async Task<IReadOnlyList<JsonElement>> WatchListAsync() =>
        [.. (await GetAsync("watch-list")).EnumerateArray()];

    /// <summary>The open alerts (not resolved), most severe first.</summary>
    public async Task<IReadOnlyList<JsonElement>> AlertsAsync(string query = "") =>
        [.. (await GetAsync("alerts" + query)).EnumerateArray()];

    /// <summary>The students of a dorm or class from its roll call.</summary>
    public async Task<IReadOnlyList<string>> RollCallAsync(string query) =>
        [.. (await GetAsync("rollcall?" + query)).EnumerateArray().Select(s => s.GetProperty("studentId").GetString()!)];

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted) return;
        throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => _http.Dispose();
}
