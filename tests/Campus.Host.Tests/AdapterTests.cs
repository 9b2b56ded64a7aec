using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Campus.Actors.Devices;
using Campus.Host.Adapters;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>The Hikvision ISAPI and Frigate adapters with realistic payloads (SQLite).</summary>
public sealed class AdapterTests : IAsyncLifetime
{
    private const string Gate = "gate-north-reader";
    private readonly CampusHostFactory _host = new();
    private HttpClient _gate = null!;
    private HttpClient _pond = null!;

    public Task InitializeAsync()
    {
        _gate = _host.DeviceClient(Gate);
        _pond = _host.DeviceClient("cam-pond");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _gate.Dispose();
        _pond.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_hikvision_face_pass_moves_the_student_on_campus()
    {
        var response = await PostHikvisionAsync(Hikvision(75, serialNo: 101, employeeNo: _host.DayStudent));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!);
        await _host.SettleAsync();
        using var security = _host.ClientAs("security");
        var presence = await EventuallyAsync(async () => (await security.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/presence"))!,
            p => p.Any(l => (string?)l!["locationId"] == "on-campus"), "the student on campus");
        Assert.Contains(presence.Single(l => (string?)l!["locationId"] == "on-campus")!["students"]!.AsArray(), s => (string?)s!["studentId"] == _host.DayStudent);
    }

    [Fact]
    public async Task A_hikvision_face_refusal_raises_an_intruder_alert()
    {
        var response = await PostHikvisionAsync(Hikvision(76, serialNo: 102));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var alert = Assert.Single(await _host.AlertsWhenAsync("kind=intruder", a => a.Count > 0, "the intruder alert"))!;
        Assert.Equal("gate-north", (string?)alert["locationId"]);
    }

    [Theory]
    [InlineData("heartBeat", "active")]
    [InlineData("AccessControllerEvent", "inactive")]
    public async Task Issue12_a_hikvision_heartbeat_or_inactive_event_is_stored_as_proof_of_life_not_as_a_passage(string eventType, string eventState)
    {
        var notification = Hikvision(76, serialNo: 103);
        notification["eventType"] = eventType;
        notification["eventState"] = eventState;

        var response = await PostHikvisionAsync(notification);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(1, (int)receipt!["accepted"]!);
        await _host.SettleAsync();
        Assert.Empty(await _host.AlertsAsync("status=all"));
        Assert.Empty(await StudentsPresentAsync());
    }

    [Fact]
    public async Task A_hikvision_notification_that_is_no_passage_and_has_no_time_is_answered_and_ignored()
    {
        var notification = HikvisionHeartbeat(SchoolMorning);
        notification.Remove("dateTime");

        var response = await PostHikvisionAsync(notification);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(0, (int)receipt!["accepted"]!);
        Assert.NotNull((string?)receipt["ignored"]);
    }

    [Fact]
    public async Task Issue12_hikvision_heartbeats_keep_a_reader_nobody_passes_online_and_end_its_offline_alert()
    {
        // One ISAPI heartbeat a minute and nobody at the gate: the reader (heartbeat interval one
        // minute, offline after three) stays online while the silent readers go offline.
        for (var minute = 1; minute <= 6; minute++)
        {
            await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.Accepted, (await PostHikvisionAsync(HikvisionHeartbeat(await _host.NowAsync()))).StatusCode);
        }
        await _host.SettleAsync();
        var offline = await _host.AlertsWhenAsync("status=all&kind=device-offline", a => a.Any(x => (string?)x!["subject"]!["id"] == "gate-south-reader"),
            "the silent South Gate reader to go offline");
        Assert.DoesNotContain(offline, a => (string?)a!["subject"]!["id"] == Gate);
        Assert.Empty(await StudentsPresentAsync());

        // Quiet for four minutes: offline. One heartbeat: online again, the alert resolved.
        await _host.AdvanceAsync(TimeSpan.FromMinutes(4));
        var alert = (await _host.AlertsWhenAsync("kind=device-offline", a => a.Any(x => (string?)x!["subject"]!["id"] == Gate), "the North Gate reader to go offline"))
            .Single(a => (string?)a!["subject"]!["id"] == Gate)!;
        Assert.Equal("North Gate reader", (string?)alert["subject"]!["name"]);
        Assert.Equal(HttpStatusCode.Accepted, (await PostHikvisionAsync(HikvisionHeartbeat(await _host.NowAsync()))).StatusCode);
        var resolved = await _host.AlertsWhenAsync("status=resolved&kind=device-offline", a => a.Any(x => (string?)x!["alertId"] == (string?)alert["alertId"]),
            "the offline alert to resolve");
        Assert.Equal("condition-cleared", (string?)resolved.Single(a => (string?)a!["alertId"] == (string?)alert["alertId"])!["outcome"]);
    }

    [Fact]
    public async Task A_hikvision_multipart_push_with_a_picture_is_accepted()
    {
        using var content = new MultipartFormDataContent("MIME_boundary")
        {
            { new StringContent(Hikvision(75, serialNo: 104, employeeNo: _host.DayStudent).ToJsonString(), Encoding.UTF8, "application/json"), "event_log" },
        };
        var picture = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0xFF, 0xD9]);
        picture.Headers.ContentType = new("image/jpeg");
        content.Add(picture, "Picture", "face.jpg");

        var response = await _gate.PostAsync("/api/v1/adapters/hikvision", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!);
    }

    [Fact]
    public async Task The_same_hikvision_serial_number_twice_is_a_duplicate()
    {
        await PostHikvisionAsync(Hikvision(75, serialNo: 105, employeeNo: _host.DayStudent));

        var again = await PostHikvisionAsync(Hikvision(75, serialNo: 105, employeeNo: _host.DayStudent));

        var receipt = await again.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(0, (int)receipt!["accepted"]!);
        Assert.Equal(1, (int)receipt["duplicates"]!);
    }

    [Fact]
    public async Task A_hikvision_anpr_read_is_accepted_and_the_same_read_pushed_again_is_a_duplicate()
    {
        // The demo campus's gate reader key: the adapter maps the read whichever device sends it;
        // the device entity passes it on to the vehicle registry only from a plate camera.
        var first = await PostHikvisionAsync(HikvisionAnpr.Notification("京A12345", SchoolMorning));
        var again = await PostHikvisionAsync(HikvisionAnpr.Notification("京A·12345", SchoolMorning));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(1, (int)(await first.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!);
        var receipt = await again.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal((0, 1), ((int)receipt!["accepted"]!, (int)receipt["duplicates"]!));
    }

    [Fact]
    public async Task A_hikvision_anpr_read_with_an_unreadable_plate_field_is_refused_naming_it()
    {
        var notification = HikvisionAnpr.Notification("京A12345", SchoolMorning);
        notification["ANPR"]!["licensePlate"] = "X";

        var response = await PostHikvisionAsync(notification);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["ANPR.licensePlate"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task A_person_entering_and_leaving_the_pond_raises_one_restricted_zone_alert()
    {
        var track = "1764036000.123456-abc123";
        var responses = new[]
        {
            await PostFrigateAsync(Frigate("new", track, [], [], 0)),
            await PostFrigateAsync(Frigate("update", track, [], ["pond"], 2)),
            await PostFrigateAsync(Frigate("update", track, ["pond"], ["pond"], 4)),
            await PostFrigateAsync(Frigate("end", track, ["pond"], ["pond"], 6)),
        };

        // The messages that change no zone are the camera's proof of life (202 as well).
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var alert = Assert.Single(await _host.AlertsWhenAsync("status=all&kind=restricted-zone", a => a.Count > 0, "the restricted-zone alert"))!;
        Assert.Equal("critical", (string?)alert["severity"]);
        Assert.Equal("pond", (string?)alert["locationId"]);
    }

    [Fact]
    public async Task A_replayed_frigate_message_is_a_duplicate()
    {
        var enter = Frigate("update", "1764036000.5-def456", [], ["pond"], 1);
        await PostFrigateAsync(enter);

        var replay = await PostFrigateAsync(enter);

        var receipt = await replay.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(0, (int)receipt!["accepted"]!);
        Assert.Equal(1, (int)receipt["duplicates"]!);
    }

    [Fact]
    public async Task Issue12_a_frigate_message_about_something_other_than_a_person_is_proof_of_life_and_raises_nothing()
    {
        var dog = Frigate("update", "1764036000.9-dog", [], ["pond"], 1, label: "dog");

        var response = await PostFrigateAsync(dog);
        var again = await PostFrigateAsync(Frigate("update", "1764036000.9-dog", ["pond"], ["pond"], 20, label: "dog"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!);
        Assert.Equal(1, (int)(await again.Content.ReadFromJsonAsync<JsonObject>())!["duplicates"]!); // one heartbeat per camera and minute
        await _host.SettleAsync();
        Assert.Empty(await _host.AlertsAsync("status=all"));
        using var security = _host.ClientAs("security");
        var pond = (await security.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/presence"))!.SingleOrDefault(l => (string?)l!["locationId"] == "zone:pond");
        Assert.True(pond is null || (int)pond["count"]! == 0);
    }

    [Fact]
    public async Task Issue12_frigate_messages_that_change_no_zone_keep_their_camera_online()
    {
        var track = "1764036000.7-cat";
        for (var minute = 1; minute <= 5; minute++)
        {
            await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
            var at = (await _host.NowAsync()).ToUnixTimeMilliseconds() / 1000.0;
            var message = Frigate("update", track, [], [], 0, label: "cat");
            message["after"]!["frame_time"] = at;
            Assert.Equal(HttpStatusCode.Accepted, (await PostFrigateAsync(message)).StatusCode);
        }

        var offline = await _host.AlertsWhenAsync("kind=device-offline", a => a.Any(x => (string?)x!["subject"]!["id"] == "cam-rooftop"),
            "the silent rooftop camera to go offline");
        Assert.DoesNotContain(offline, a => (string?)a!["subject"]!["id"] == "cam-pond");
    }

    [Fact]
    public async Task The_frigate_relay_with_the_key_of_a_gate_reader_is_forbidden()
    {
        var response = await _gate.PostAsJsonAsync("/api/v1/adapters/frigate", Frigate("update", "1764036000.1-x", [], ["pond"], 1));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_hikvision_pass_with_an_invalid_employee_number_is_refused_naming_it()
    {
        var json = Hikvision(75, serialNo: 106, employeeNo: "PLACEHOLDER").ToJsonString().Replace("PLACEHOLDER", "\\ud800", StringComparison.Ordinal);

        var response = await _gate.PostAsync("/api/v1/adapters/hikvision", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["AccessControllerEvent.employeeNoString"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task Issue13_a_hikvision_pass_with_a_3000_character_employee_number_is_refused_naming_it()
    {
        var response = await PostHikvisionAsync(Hikvision(75, serialNo: 107, employeeNo: new string('7', 3000)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["AccessControllerEvent.employeeNoString"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task Issue13_a_frigate_message_naming_a_zone_the_campus_does_not_have_is_refused_naming_it()
    {
        var response = await PostFrigateAsync(Frigate("update", "1764036000.3-zz", [], ["pond", "zone-" + new string('x', 900)], 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["after.current_zones"], await ProblemFieldsAsync(response));
        await _host.SettleAsync();
        Assert.Empty(await _host.AlertsAsync("status=all"));
    }

    [Fact]
    public async Task Two_hundred_mutated_adapter_messages_never_get_a_server_error()
    {
        var random = new Random(7);
        var templates = new[]
        {
            ("/api/v1/adapters/hikvision", _gate, Hikvision(75, serialNo: 200, employeeNo: _host.DayStudent).ToJsonString()),
            ("/api/v1/adapters/frigate", _pond, Frigate("update", "1764036000.2-fz", ["pond"], [], 3).ToJsonString()),
            ("/api/v1/adapters/hikvision", _gate, HikvisionAnpr.Notification("京A12345", SchoolMorning).ToJsonString()),
        };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 200; i++)
        {
            var (path, client, json) = templates[i % templates.Length];
            var bytes = Encoding.UTF8.GetBytes(json);
            for (var n = random.Next(1, 4); n > 0; n--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("application/json");
            statuses.Add((await client.PostAsync(path, content)).StatusCode);
        }

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Accepted, HttpStatusCode.BadRequest }));
    }

    /// <summary>The students the presence query places anywhere but off campus (camera zones do not name anyone).</summary>
    private async Task<List<string>> StudentsPresentAsync()
    {
        using var security = _host.ClientAs("security");
        var presence = (await security.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/presence"))!;
        return [.. presence.Where(l => (string?)l!["locationId"] != "off-campus").SelectMany(l => l!["students"]!.AsArray()).Select(s => (string)s!["studentId"]!)];
    }

    /// <summary>An ISAPI heartbeat push (<c>eventType: heartBeat</c>) at <paramref name="at"/>.</summary>
    private static JsonObject HikvisionHeartbeat(DateTimeOffset at) => new()
    {
        ["ipAddress"] = "10.20.1.31",
        ["portNo"] = 80,
        ["protocol"] = "HTTP",
        ["macAddress"] = "a4:d5:c2:11:22:33",
        ["channelID"] = 1,
        ["dateTime"] = at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
        ["activePostCount"] = 0,
        ["eventType"] = "heartBeat",
        ["eventState"] = "active",
        ["eventDescription"] = "heartBeat",
    };

    private Task<HttpResponseMessage> PostHikvisionAsync(JsonObject notification) =>
        _gate.PostAsync("/api/v1/adapters/hikvision", new StringContent(notification.ToJsonString(), Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PostFrigateAsync(JsonObject message) =>
        _pond.PostAsync("/api/v1/adapters/frigate", new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>An ISAPI AccessControllerEvent notification as an access controller pushes it.</summary>
    private static JsonObject Hikvision(int subEventType, int serialNo, string? employeeNo = null)
    {
        var access = new JsonObject
        {
            ["deviceName"] = "North Gate Terminal",
            ["majorEventType"] = 5,
            ["subEventType"] = subEventType,
            ["cardReaderKind"] = 1,
            ["cardReaderNo"] = 1,
            ["verifyNo"] = 161,
            ["serialNo"] = serialNo,
            ["userType"] = "normal",
            ["currentVerifyMode"] = "face",
            ["frontSerialNo"] = serialNo - 1,
            ["attendanceStatus"] = "undefined",
            ["label"] = "",
            ["statusValue"] = 0,
            ["mask"] = "no",
            ["picturesNumber"] = 1,
            ["purePwdVerifyEnable"] = true,
        };
        if (employeeNo is not null)
        {
            access["employeeNoString"] = employeeNo;
            access["name"] = "student";
        }
        return new JsonObject
        {
            ["ipAddress"] = "10.20.1.31",
            ["portNo"] = 80,
            ["protocol"] = "HTTP",
            ["macAddress"] = "a4:d5:c2:11:22:33",
            ["channelID"] = 1,
            ["dateTime"] = SchoolMorning.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            ["activePostCount"] = 1,
            ["eventType"] = "AccessControllerEvent",
            ["eventState"] = "active",
            ["eventDescription"] = "Access Controller Event",
            ["AccessControllerEvent"] = access,
        };
    }

    /// <summary>A frigate/events message: the track before and after.</summary>
    private static JsonObject Frigate(string type, string id, string[] before, string[] after, double secondsAfterStart, string label = "person")
    {
        var start = SchoolMorning.ToUnixTimeMilliseconds() / 1000.0;
        JsonObject Side(string[] zones, double at) => new()
        {
            ["id"] = id,
            ["camera"] = "cam-pond",
            ["frame_time"] = at,
            ["snapshot_time"] = at,
            ["label"] = label,
            ["sub_label"] = null,
            ["top_score"] = 0.82,
            ["false_positive"] = false,
            ["start_time"] = start,
            ["end_time"] = type == "end" ? at : null,
            ["score"] = 0.8,
            ["box"] = new JsonArray(424, 500, 536, 712),
            ["area"] = 23744,
            ["region"] = new JsonArray(256, 256, 640, 640),
            ["stationary"] = false,
            ["motionless_count"] = 0,
            ["position_changes"] = 2,
            ["current_zones"] = new JsonArray([.. zones.Select(z => (JsonNode?)JsonValue.Create(z))]),
            ["entered_zones"] = new JsonArray([.. zones.Select(z => (JsonNode?)JsonValue.Create(z))]),
            ["has_clip"] = true,
            ["has_snapshot"] = true,
        };
        return new JsonObject
        {
            ["type"] = type,
            ["before"] = Side(before, start + Math.Max(0, secondsAfterStart - 1)),
            ["after"] = Side(after, start + secondsAfterStart),
        };
    }
}

/// <summary>Hikvision ISAPI ANPR notifications mapped by <see cref="HikvisionAdapter"/> (no host).</summary>
public sealed class HikvisionAnprAdapterTests
{
    private static AdapterResult Map(JsonObject notification)
    {
        using var document = JsonDocument.Parse(notification.ToJsonString());
        return HikvisionAdapter.Map(document.RootElement, "gate-vehicle-camera");
    }

    [Fact]
    public void An_anpr_read_becomes_a_plate_event_of_the_camera_with_its_confidence_and_direction()
    {
        var result = Map(HikvisionAnpr.Notification("京A·12345", SchoolMorning, confidenceLevel: 87, direction: "reverse"));

        var report = Assert.Single(result.Events);
        Assert.Equal(new DeviceReported($"hik-anpr-{SchoolMorning.ToUnixTimeSeconds()}-京A12345", "gate-vehicle-camera", SchoolMorning, DeviceEventType.Plate,
            Direction: Direction.Out, Plate: "京A12345", Confidence: 0.87), report);
        Assert.Null(result.Errors);
    }

    [Theory]
    [InlineData("forward", Direction.In)]
    [InlineData("enter", Direction.In)]
    [InlineData("reverse", Direction.Out)]
    [InlineData("exit", Direction.Out)]
    [InlineData("unknown", Direction.In)]
    [InlineData(null, Direction.In)]
    public void The_anpr_direction_is_the_way_through_the_gate(string? direction, Direction expected) =>
        Assert.Equal(expected, Assert.Single(Map(HikvisionAnpr.Notification("京A12345", SchoolMorning, direction: direction)).Events).Direction);

    [Fact]
    public void An_anpr_read_without_a_confidence_level_is_a_sure_read()
    {
        var notification = HikvisionAnpr.Notification("京A12345", SchoolMorning);
        notification["ANPR"]!.AsObject().Remove("confidenceLevel");

        Assert.Equal(1.0, Assert.Single(Map(notification).Events).Confidence);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("无车牌")]
    public void An_anpr_read_with_no_plate_is_proof_of_life_only(string plate)
    {
        var report = Assert.Single(Map(HikvisionAnpr.Notification(plate, SchoolMorning)).Events);

        Assert.Equal((DeviceEventType.Heartbeat, $"hik-alive-{SchoolMorning.ToUnixTimeSeconds()}"), (report.Type, report.EventId));
    }

    [Theory]
    [InlineData("licensePlate", "\"\"", "ANPR.licensePlate")]
    [InlineData("licensePlate", "123", "ANPR.licensePlate")]
    [InlineData("confidenceLevel", "101", "ANPR.confidenceLevel")]
    [InlineData("confidenceLevel", "\"high\"", "ANPR.confidenceLevel")]
    [InlineData("direction", "\"sideways\"", "ANPR.direction")]
    [InlineData("direction", "2", "ANPR.direction")]
    public void An_anpr_read_with_a_bad_field_is_refused_naming_it(string field, string value, string named)
    {
        var notification = HikvisionAnpr.Notification("京A12345", SchoolMorning);
        notification["ANPR"]![field] = JsonNode.Parse(value);

        var result = Map(notification);

        Assert.Empty(result.Events);
        Assert.Equal([named], result.Errors!.Keys);
    }

    [Fact]
    public void An_anpr_notification_without_its_anpr_object_or_time_is_refused_naming_it()
    {
        var withoutAnpr = HikvisionAnpr.Notification("京A12345", SchoolMorning);
        withoutAnpr.Remove("ANPR");
        var withoutTime = HikvisionAnpr.Notification("京A12345", SchoolMorning);
        withoutTime.Remove("dateTime");

        Assert.Equal(["ANPR"], Map(withoutAnpr).Errors!.Keys);
        Assert.Equal(["dateTime"], Map(withoutTime).Errors!.Keys);
    }

    [Fact]
    public void A_confidence_level_sent_as_text_is_read()
    {
        var notification = HikvisionAnpr.Notification("京A12345", SchoolMorning);
        notification["ANPR"]!["confidenceLevel"] = "92";

        Assert.Equal(0.92, Assert.Single(Map(notification).Events).Confidence);
    }
}

/// <summary>A Hikvision ISAPI ANPR notification as a plate camera pushes it (JSON host notification).</summary>
internal static class HikvisionAnpr
{
    public static JsonObject Notification(string plate, DateTimeOffset at, int confidenceLevel = 98, string? direction = "forward")
    {
        var anpr = new JsonObject
        {
            ["country"] = "CN",
            ["licensePlate"] = plate,
            ["line"] = 1,
            ["confidenceLevel"] = confidenceLevel,
            ["plateType"] = "92TypeCivil",
            ["plateColor"] = "blue",
            ["licenseBright"] = 0,
            ["vehicleType"] = "vehicle",
            ["detectDir"] = 8,
            ["detectType"] = 0,
            ["alarmDataType"] = 0,
        };
        if (direction is not null) anpr["direction"] = direction;
        return new JsonObject
        {
            ["ipAddress"] = "10.20.1.41",
            ["portNo"] = 80,
            ["protocol"] = "HTTP",
            ["macAddress"] = "a4:d5:c2:44:55:66",
            ["channelID"] = 1,
            ["dateTime"] = at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            ["activePostCount"] = 1,
            ["eventType"] = "ANPR",
            ["eventState"] = "active",
            ["eventDescription"] = "ANPR",
            ["channelName"] = "Vehicle Gate",
            ["ANPR"] = anpr,
            ["picNum"] = 2,
            ["vehicleInfo"] = new JsonObject
            {
                ["index"] = 1,
                ["colorDepth"] = 2,
                ["color"] = "white",
                ["length"] = 0,
                ["vehicleLogoRecog"] = 1036,
            },
        };
    }
}
