using System.Globalization;
using System.Text.Json;
using Campus.Actors.Devices;
using Campus.Actors.Vehicles;

namespace Campus.Host.Adapters;

/// <summary>
/// Maps a Hikvision ISAPI <c>AccessControllerEvent</c> or <c>ANPR</c> push (the JSON of an access
/// controller's or plate camera's HTTP host notification, or its <c>event_log</c> multipart part)
/// to a device event.
/// </summary>
/// <remarks>
/// Major type 5 (event) minor types: 1 valid card, 75 face authenticated → a known person
/// (<c>employeeNoString</c>); 6 card with no rights, 9 invalid card, 76 face not authenticated →
/// an unknown face or card. Card reader 1 is the way in, 2 the way out. The event id is the
/// controller's <c>serialNo</c>, so a repeated push is a duplicate. Every other notification with a
/// time (a <c>heartBeat</c>, <c>eventState: inactive</c>, a door or alarm-input event) is not a
/// passage but proves the controller is alive: it becomes a heartbeat (event id
/// <c>hik-alive-{unix seconds}</c>), so a reader nobody walks past all night stays online. One
/// without a readable <c>dateTime</c> is ignored (answered, not stored).
/// <para>
/// An <c>ANPR</c> notification of a plate camera becomes a plate read: <c>ANPR.licensePlate</c>
/// (normalised), <c>ANPR.confidenceLevel</c> 0-100 as a confidence 0-1, <c>ANPR.direction</c>
/// <c>forward</c>/<c>enter</c> in and <c>reverse</c>/<c>exit</c> out (absent or <c>unknown</c>: in),
/// event id <c>hik-anpr-{unix seconds}-{plate}</c>, so a repeated push of one read is a duplicate.
/// A read with no plate (<c>unknown</c>, <c>无车牌</c>) is proof of life only. The device is the
/// one whose key sent it, as for every notification (<c>channelID</c> is not used).
/// </para>
/// </remarks>
public static class HikvisionAdapter
{
    /// <summary>Minor types of major type 5 that identify a person.</summary>
    public static readonly IReadOnlySet<int> KnownPerson = new HashSet<int> { 1, 75 };

    /// <summary>Minor types of major type 5 that refuse a face or card: an unknown person.</summary>
    public static readonly IReadOnlySet<int> UnknownPerson = new HashSet<int> { 6, 9, 76 };

    /// <summary>Maps one notification for <paramref name="deviceId"/>.</summary>
    public static AdapterResult Map(JsonElement root, string deviceId)
    {
        if (root.ValueKind != JsonValueKind.Object) return AdapterResult.Invalid("$", "the notification must be a JSON object");
        var eventType = Text(root, "eventType");
        if (eventType is null) return AdapterResult.Invalid("eventType", "is required");
        var time = DateTimeOffset.TryParse(Text(root, "dateTime"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : (DateTimeOffset?)null;
        if (eventType.Equals("ANPR", StringComparison.OrdinalIgnoreCase))
        {
            return string.Equals(Text(root, "eventState"), "inactive", StringComparison.OrdinalIgnoreCase)
                ? Alive(deviceId, time, "eventState is inactive")
                : Anpr(root, deviceId, time);
        }
        if (!eventType.Equals("AccessControllerEvent", StringComparison.OrdinalIgnoreCase))
            return Alive(deviceId, time, $"eventType {eventType} is not an access event");
        if (string.Equals(Text(root, "eventState"), "inactive", StringComparison.OrdinalIgnoreCase))
            return Alive(deviceId, time, "eventState is inactive");
        if (!root.TryGetProperty("AccessControllerEvent", out var access) || access.ValueKind != JsonValueKind.Object)
            return AdapterResult.Invalid("AccessControllerEvent", "is required");
        if (time is not { } at)
            return AdapterResult.Invalid("dateTime", "is required: an ISO 8601 time with an offset");
        var major = Number(access, "majorEventType");
        var minor = Number(access, "subEventType");
        if (major is null || minor is null) return AdapterResult.Invalid("AccessControllerEvent.majorEventType", "majorEventType and subEventType are required");
        if (major != 5 || !(KnownPerson.Contains(minor.Value) || UnknownPerson.Contains(minor.Value)))
            return Alive(deviceId, at, $"event {major}/{minor} is not a pass or refusal");

        string? personId = null;
        if (KnownPerson.Contains(minor.Value))
        {
            personId = Text(access, "employeeNoString") ?? Text(access, "employeeNo");
            if (string.IsNullOrWhiteSpace(personId)) return AdapterResult.Invalid("AccessControllerEvent.employeeNoString", "is required for a successful pass");
            if (Ingest.DeviceEventParser.IdError(personId) is { } error) return AdapterResult.Invalid("AccessControllerEvent.employeeNoString", error);
        }
        var reader = Number(access, "cardReaderNo") ?? 1;
        var serial = Number(access, "serialNo");
        var eventId = serial is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"hik-{s}")
            : string.Create(CultureInfo.InvariantCulture, $"hik-{at.UtcTicks}-{minor}-{personId}");
        return AdapterResult.Mapped(new DeviceReported(eventId, deviceId, at, DeviceEventType.Access, personId, reader == 2 ? Direction.Out : Direction.In));
    }

    /// <summary>What <c>ANPR.licensePlate</c> says when the camera saw a vehicle but read no plate.</summary>
    public static readonly IReadOnlySet<string> NoPlate = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "unknown", "无车牌", "无牌车" };

    private static readonly Dictionary<string, Direction> AnprDirections = new(StringComparer.OrdinalIgnoreCase)
    {
        ["forward"] = Direction.In,
        ["enter"] = Direction.In,
        ["reverse"] = Direction.Out,
        ["exit"] = Direction.Out,
    };

    /// <summary>An ANPR notification: a plate read at the time of the notification.</summary>
    private static AdapterResult Anpr(JsonElement root, string deviceId, DateTimeOffset? time)
    {
        if (!root.TryGetProperty("ANPR", out var anpr) || anpr.ValueKind != JsonValueKind.Object)
            return AdapterResult.Invalid("ANPR", "is required");
        if (time is not { } at)
            return AdapterResult.Invalid("dateTime", "is required: an ISO 8601 time with an offset");
        var hasPlate = anpr.TryGetProperty("licensePlate", out var given) && given.ValueKind != JsonValueKind.Null;
        var text = hasPlate ? Ingest.DeviceEventParser.TextOf(given) : null;
        if (hasPlate && text is null) return AdapterResult.Invalid("ANPR.licensePlate", "must be a string of valid Unicode text");
        if (text is not null && NoPlate.Contains(text.Trim()))
            return Alive(deviceId, at, "the camera read no plate");
        if (Plates.Error(text) is { } plateError) return AdapterResult.Invalid("ANPR.licensePlate", plateError);
        var plate = Plates.Normalize(text!);

        double? confidence = null;
        if (anpr.TryGetProperty("confidenceLevel", out var level) && level.ValueKind != JsonValueKind.Null)
        {
            if (AnyNumber(level) is not { } percent || percent < 0 || percent > 100)
                return AdapterResult.Invalid("ANPR.confidenceLevel", "must be a number from 0 to 100");
            confidence = percent / 100;
        }

        var direction = Direction.In; // unknown or not said: a read at a vehicle gate is most often a vehicle coming in
        if (anpr.TryGetProperty("direction", out var way) && way.ValueKind != JsonValueKind.Null)
        {
            var name = Ingest.DeviceEventParser.TextOf(way);
            if (name is null || !(name.Equals("unknown", StringComparison.OrdinalIgnoreCase) || AnprDirections.ContainsKey(name)))
                return AdapterResult.Invalid("ANPR.direction", "must be forward, reverse, enter, exit or unknown");
            direction = AnprDirections.GetValueOrDefault(name, Direction.In);
        }

        var eventId = string.Create(CultureInfo.InvariantCulture, $"hik-anpr-{at.ToUnixTimeSeconds()}-{plate}");
        return AdapterResult.Mapped(new DeviceReported(eventId, deviceId, at, DeviceEventType.Plate,
            Direction: direction, Plate: plate, Confidence: confidence ?? 1.0));
    }

    /// <summary>
    /// A notification that is no passage: a heartbeat of the controller at its time (proof of life,
    /// never a passage), or ignored when it carries no time.
    /// </summary>
    private static AdapterResult Alive(string deviceId, DateTimeOffset? at, string why) => at is { } time
        ? AdapterResult.Mapped(new DeviceReported(string.Create(CultureInfo.InvariantCulture, $"hik-alive-{time.ToUnixTimeSeconds()}"), deviceId, time, DeviceEventType.Heartbeat))
        : AdapterResult.Ignored(why + ", and it has no dateTime");

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? Ingest.DeviceEventParser.TextOf(value) : null;

    /// <summary>A number, or a string holding one (some firmware quotes numbers); null when it is neither.</summary>
    private static double? AnyNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var n) && double.IsFinite(n) => n,
        JsonValueKind.String when double.TryParse(Ingest.DeviceEventParser.TextOf(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) => n,
        _ => null,
    };

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}

/// <summary>What an adapter made of a vendor message: an event, a message to ignore, or an error naming the field.</summary>
public sealed record AdapterResult(IReadOnlyList<DeviceReported> Events, string? IgnoredBecause, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static AdapterResult Mapped(params DeviceReported[] events) => new(events, null, null);

    public static AdapterResult Ignored(string why) => new([], why, null);

    public static AdapterResult Invalid(string field, string reason) => new([], null, new Dictionary<string, string[]> { [field] = [reason] });
}
