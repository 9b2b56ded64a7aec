using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Campus.Actors.Devices;

namespace Campus.Host.Adapters;

/// <summary>
/// Maps Frigate's <c>frigate/events</c> messages (relayed over HTTP) to zone events: a person
/// entering a zone (in <c>after.current_zones</c>, not in <c>before.current_zones</c>) or leaving
/// it (the reverse, or the track ending). The zone's count is the number of Frigate tracks in it,
/// kept per campus and zone. Event ids are the Frigate id and the transition, so a repeated
/// message is a duplicate. Only the campus's own zones are counted: a message naming another zone
/// is refused (the manifest names the zones), so the counts stay bounded whatever a relay sends.
/// A message that changes no zone (another label, a track that stays where it was) still proves
/// its camera is alive: it becomes a heartbeat of that camera, one per camera and minute
/// (<c>frigate-alive-{camera}-{yyyyMMddHHmm}</c>; the rest of the minute's are duplicates).
/// </summary>
/// <remarks>The counts live in memory: after a restart a zone counts from zero again until its
/// tracks end, which may under-count for a few minutes; an alert never depends on it.</remarks>
public sealed class FrigateAdapter
{
    private readonly ConcurrentDictionary<string, HashSet<string>> _tracks = new(StringComparer.Ordinal);

    /// <summary>
    /// Maps one message from the campus's Frigate; <paramref name="isCamera"/> says whether a camera
    /// name is a camera device of the campus, <paramref name="isZone"/> whether a zone is one of its zones.
    /// </summary>
    public AdapterResult Map(JsonElement root, string campusId, Func<string, bool> isCamera, Func<string, bool> isZone)
    {
        if (root.ValueKind != JsonValueKind.Object) return AdapterResult.Invalid("$", "the message must be a JSON object");
        var type = Text(root, "type");
        if (type is not ("new" or "update" or "end")) return AdapterResult.Invalid("type", "must be new, update or end");
        if (!root.TryGetProperty("after", out var after) || after.ValueKind != JsonValueKind.Object)
            return AdapterResult.Invalid("after", "is required");
        var id = Text(after, "id");
        if (string.IsNullOrWhiteSpace(id)) return AdapterResult.Invalid("after.id", "is required");
        if (Ingest.DeviceEventParser.IdError(id) is { } idError) return AdapterResult.Invalid("after.id", idError);
        var camera = Text(after, "camera");
        if (string.IsNullOrWhiteSpace(camera)) return AdapterResult.Invalid("after.camera", "is required");
        if (!isCamera(camera)) return AdapterResult.Invalid("after.camera", $"'{camera}' is not a camera of campus {campusId}");
        DateTimeOffset? time = after.TryGetProperty("frame_time", out var frame) && frame.ValueKind == JsonValueKind.Number && frame.TryGetDouble(out var seconds)
            && seconds >= 0 && seconds <= 4_102_444_800 ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null;
        if (Text(after, "label") != "person")
            return time is { } seen ? Alive(camera, seen) : AdapterResult.Ignored("only people are counted");
        if (time is not { } at) return AdapterResult.Invalid("after.frame_time", "is required: seconds since 1970");

        var before = root.TryGetProperty("before", out var b) && b.ValueKind == JsonValueKind.Object ? Zones(b) : [];
        var now = type == "end" ? [] : Zones(after);
        foreach (var (zones, field) in new[] { (before, "before.current_zones"), (now, "after.current_zones") })
        {
            if (zones.FirstOrDefault(z => !isZone(z)) is { } unknown)
                return AdapterResult.Invalid(field, $"'{(unknown.Length > 40 ? unknown[..40] + "…" : unknown)}' is not a zone of campus {campusId}");
        }
        var events = new List<DeviceReported>();
        foreach (var zone in before.Except(now, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            events.Add(Transition(campusId, camera, zone, id, "leave", at, remove: true));
        foreach (var zone in now.Except(before, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            events.Add(Transition(campusId, camera, zone, id, "enter", at, remove: false));
        return events.Count == 0 ? Alive(camera, at) : AdapterResult.Mapped([.. events]);
    }

    /// <summary>No zone changed, but the camera saw something: a heartbeat, one per camera and minute.</summary>
    private static AdapterResult Alive(string camera, DateTimeOffset at) =>
        AdapterResult.Mapped(new DeviceReported(
            string.Create(CultureInfo.InvariantCulture, $"frigate-alive-{camera}-{at.UtcDateTime:yyyyMMddHHmm}"), camera, at, DeviceEventType.Heartbeat));

    private DeviceReported Transition(string campusId, string camera, string zone, string trackId, string what, DateTimeOffset at, bool remove)
    {
        var tracks = _tracks.GetOrAdd(campusId + "/" + zone, _ => []);
        int count;
        lock (tracks)
        {
            if (remove) tracks.Remove(trackId);
            else tracks.Add(trackId);
            count = tracks.Count;
        }
        return new DeviceReported($"frigate-{trackId}-{what}-{zone}", camera, at, DeviceEventType.Zone, ZoneId: zone, Count: count);
    }

    private static string[] Zones(JsonElement side) =>
        side.TryGetProperty("current_zones", out var zones) && zones.ValueKind == JsonValueKind.Array
            ? [.. zones.EnumerateArray().Select(Ingest.DeviceEventParser.TextOf).OfType<string>().Distinct(StringComparer.Ordinal)]
            : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? Ingest.DeviceEventParser.TextOf(value) : null;
}
