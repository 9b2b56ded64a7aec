using System.Globalization;
using System.Text.Json;
using Campus.Actors.Devices;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;

namespace Campus.Host.Ingest;

/// <summary>
/// Reads one device event of the public ingest contract (docs/api.md) from JSON, field by field,
/// so that every mistake is reported with the field's name and the reason, and no input can make
/// it throw. Unknown fields are ignored, so vendors may send more than we read.
/// </summary>
public static class DeviceEventParser
{
    /// <summary>Limits of the accepted values.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Parses <paramref name="item"/>; returns the event or the errors by field.</summary>
    /// <param name="now">The host's current time, to refuse times far in the future.</param>
    /// <param name="maxSkew">How far in the future an event's time may be (device clocks drift).</param>
    /// <param name="maxAge">How old an event may be.</param>
    public static ParsedEvent Parse(JsonElement item, DateTimeOffset now, TimeSpan maxSkew, TimeSpan maxAge)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = [$"an event must be a JSON object, not {Describe(item.ValueKind)}"];
            return new ParsedEvent(null, errors);
        }

        var eventId = RequiredString(item, "eventId", errors);
        var deviceId = RequiredString(item, "deviceId", errors);
        var occurredAt = RequiredTime(item, "occurredAt", errors, now, maxSkew, maxAge);
        var type = RequiredEnum(item, "type", errors, TypeNames);
        var personId = OptionalString(item, "personId", errors);
        var direction = OptionalEnum(item, "direction", errors, DirectionNames);
        var zoneId = OptionalString(item, "zoneId", errors);
        var count = OptionalCount(item, "count", errors);
        var alarm = OptionalEnum(item, "alarm", errors, AlarmNames);
        string? visitCode = null;
        string? plate = null;
        double? confidence = null;
        if (type == DeviceEventType.Visitor)
        {
            // The type says the way: visitor-in or visitor-out; a direction that says otherwise is a mistake.
            var typeName = TextOf(item.GetProperty("type")) ?? "";
            var way = VisitorDirections.GetValueOrDefault(typeName);
            if (direction is { } given && given != way && !errors.ContainsKey("direction"))
                errors["direction"] = [$"must be {(way == Direction.In ? "in" : "out")} for a {typeName} event, or left out"];
            direction = way;
            visitCode = RequiredVisitCode(item, "visitCode", errors);
        }
        else if (type == DeviceEventType.Plate)
        {
            plate = RequiredPlate(item, "plate", errors);
            confidence = OptionalConfidence(item, "confidence", errors);
        }

        if (type == DeviceEventType.Alarm && alarm is null && !errors.ContainsKey("alarm"))
            errors["alarm"] = ["is required for an alarm event: sos, intrusion, tamper or tailgate"];
        if (type == DeviceEventType.Zone && count is null && personId is null && !errors.ContainsKey("count"))
            errors["count"] = ["is required for a zone event (the number of people the camera counts)"];

        if (errors.Count > 0) return new ParsedEvent(null, errors);
        var report = new DeviceReported(eventId!, deviceId!, occurredAt!.Value, type!.Value, personId,
            type is DeviceEventType.Access or DeviceEventType.Plate ? direction ?? Direction.In : direction, zoneId, count, alarm,
            visitCode, plate, confidence);
        return new ParsedEvent(report, errors);
    }

    private static readonly Dictionary<string, DeviceEventType> TypeNames = new(StringComparer.Ordinal)
    {
        ["access"] = DeviceEventType.Access,
        ["zone"] = DeviceEventType.Zone,
        ["alarm"] = DeviceEventType.Alarm,
        ["heartbeat"] = DeviceEventType.Heartbeat,
        ["visitor-in"] = DeviceEventType.Visitor,
        ["visitor-out"] = DeviceEventType.Visitor,
        ["plate"] = DeviceEventType.Plate,
    };

    private static readonly Dictionary<string, Direction> VisitorDirections = new(StringComparer.Ordinal)
    {
        ["visitor-in"] = Direction.In,
        ["visitor-out"] = Direction.Out,
    };

    private static readonly Dictionary<string, Direction> DirectionNames = new(StringComparer.Ordinal)
    {
        ["in"] = Direction.In,
        ["out"] = Direction.Out,
    };

    private static readonly Dictionary<string, AlarmType> AlarmNames = new(StringComparer.Ordinal)
    {
        ["sos"] = AlarmType.Sos,
        ["intrusion"] = AlarmType.Intrusion,
        ["tamper"] = AlarmType.Tamper,
        ["tailgate"] = AlarmType.Tailgate,
    };

    private static string? RequiredString(JsonElement item, string name, Dictionary<string, string[]> errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors[name] = ["is required"];
            return null;
        }
        return CheckString(value, name, errors);
    }

    private static string? OptionalString(JsonElement item, string name, Dictionary<string, string[]> errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return CheckString(value, name, errors);
    }

    private static string? CheckString(JsonElement value, string name, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[name] = [$"must be a string, not {Describe(value.ValueKind)}"];
            return null;
        }
        if (TextOf(value) is not { } text)
        {
            errors[name] = ["must be valid Unicode text"];
            return null;
        }
        if (IdError(text) is { } error)
        {
            errors[name] = [error];
            return null;
        }
        return text;
    }

    /// <summary>
    /// Why <paramref name="text"/> cannot be an id (an event, person, zone or device id), or null
    /// when it can. Every input path (the events API and every adapter) applies this one limit
    /// before anything is stored, so an id always fits the entity ids and tables it ends up in.
    /// </summary>
    public static string? IdError(string text) =>
        text.Length == 0 || text.Length > MaxIdLength || text.Any(char.IsControl)
            ? $"must be 1 to {MaxIdLength} characters without control characters"
            : null;

    /// <summary>A visit code as a visitor may type it (<c>k7qm-2xpa</c>), normalised; it must have the form of a code.</summary>
    private static string? RequiredVisitCode(JsonElement item, string name, Dictionary<string, string[]> errors)
    {
        var text = RequiredString(item, name, errors);
        if (text is null) return null;
        var code = VisitCodes.Normalize(text);
        if (!VisitCodes.IsWellFormed(code))
        {
            errors[name] = [$"must be a visit code of {VisitCodes.Length} letters and digits"];
            return null;
        }
        return code;
    }

    /// <summary>A plate as the camera writes it, normalised (<see cref="Plates.Normalize"/>).</summary>
    private static string? RequiredPlate(JsonElement item, string name, Dictionary<string, string[]> errors)
    {
        var text = RequiredString(item, name, errors);
        if (text is null) return null;
        if (Plates.Error(text) is { } error)
        {
            errors[name] = [error];
            return null;
        }
        return Plates.Normalize(text);
    }

    private static double? OptionalConfidence(JsonElement item, string name, Dictionary<string, string[]> errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var confidence) || !double.IsFinite(confidence) || confidence < 0 || confidence > 1)
        {
            errors[name] = ["must be a number from 0 to 1"];
            return null;
        }
        return confidence;
    }

    private static DateTimeOffset? RequiredTime(JsonElement item, string name, Dictionary<string, string[]> errors,
        DateTimeOffset now, TimeSpan maxSkew, TimeSpan maxAge)
    {
        var text = RequiredString(item, name, errors);
        if (text is null) return null;
        if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            || !HasOffset(text))
        {
            errors[name] = [$"\"{Clip(text)}\" is not an ISO 8601 time with an offset, e.g. 2026-11-23T07:31:05+08:00"];
            return null;
        }
        if (at > now + maxSkew)
        {
            errors[name] = [$"{text} is more than {maxSkew.TotalMinutes:0} minutes in the future; check the device's clock"];
            return null;
        }
        if (at < now - maxAge)
        {
            errors[name] = [$"{text} is more than {maxAge.TotalDays:0} days old"];
            return null;
        }
        return at;
    }

    private static T? RequiredEnum<T>(JsonElement item, string name, Dictionary<string, string[]> errors, Dictionary<string, T> names)
        where T : struct
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors[name] = [$"is required: one of {string.Join(", ", names.Keys)}"];
            return null;
        }
        return CheckEnum(value, name, errors, names);
    }

    private static T? OptionalEnum<T>(JsonElement item, string name, Dictionary<string, string[]> errors, Dictionary<string, T> names)
        where T : struct
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return CheckEnum(value, name, errors, names);
    }

    private static T? CheckEnum<T>(JsonElement value, string name, Dictionary<string, string[]> errors, Dictionary<string, T> names)
        where T : struct
    {
        var text = TextOf(value);
        if (text is not null && names.TryGetValue(text, out var known)) return known;
        var got = value.ValueKind == JsonValueKind.String ? (text is null ? "invalid Unicode text" : $"\"{Clip(text)}\"") : Describe(value.ValueKind);
        errors[name] = [$"must be one of {string.Join(", ", names.Keys)}, not {got}"];
        return null;
    }

    private static int? OptionalCount(JsonElement item, string name, Dictionary<string, string[]> errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var count) || count < 0 || count > 1000)
        {
            errors[name] = ["must be a whole number from 0 to 1000"];
            return null;
        }
        return count;
    }

    /// <summary>A JSON string's text, or null when it is not a string or not valid Unicode (a lone surrogate such as <c>\ud800</c>, on which <see cref="JsonElement.GetString"/> throws).</summary>
    public static string? TextOf(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>True when the time ends with Z or ±hh:mm: a time without an offset is ambiguous.</summary>
    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>One parsed event: the event, or the errors by field.</summary>
public sealed record ParsedEvent(DeviceReported? Event, IReadOnlyDictionary<string, string[]> Errors);
