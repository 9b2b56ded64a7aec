using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campus.Actors.Alerts;

namespace Campus.Actors.Reference;

/// <summary>One problem found in a manifest or roster: where (a field path such as <c>dorms[2].curfew</c> or <c>roster.csv line 14 (boarding)</c>) and why.</summary>
public sealed record ManifestError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>The outcome of loading a manifest: the manifest when it is valid, otherwise every error found.</summary>
public sealed record ManifestLoadResult(CampusManifest? Manifest, ImmutableArray<ManifestError> Errors)
{
    /// <summary>True when the manifest loaded with no error.</summary>
    [MemberNotNullWhen(true, nameof(Manifest))]
    public bool IsValid => Manifest is not null && Errors.IsEmpty;
}

/// <summary>
/// The human-friendly text formats of the manifest (times "HH:mm", durations "hh:mm:ss", dates
/// "yyyy-MM-dd", instants ISO 8601 with an offset, kebab-case enum names). Each parser returns
/// null when the text is not in its format.
/// </summary>
internal static partial class ManifestText
{
    public static readonly ImmutableDictionary<string, DeviceKind> DeviceKinds = new Dictionary<string, DeviceKind>
    {
        ["gate-reader"] = DeviceKind.GateReader,
        ["dorm-reader"] = DeviceKind.DormReader,
        ["class-board"] = DeviceKind.ClassBoard,
        ["camera"] = DeviceKind.Camera,
        ["panic-button"] = DeviceKind.PanicButton,
        ["plate-camera"] = DeviceKind.PlateCamera,
        ["visitor-kiosk"] = DeviceKind.VisitorKiosk,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static readonly ImmutableDictionary<string, ZoneKind> ZoneKinds = new Dictionary<string, ZoneKind>
    {
        ["normal"] = ZoneKind.Normal,
        ["restricted"] = ZoneKind.Restricted,
        ["hazard"] = ZoneKind.Hazard,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The vehicle categories a manifest may list (visitor vehicles come from visit registrations).</summary>
    public static readonly ImmutableDictionary<string, Vehicles.VehicleCategory> VehicleKinds = new Dictionary<string, Vehicles.VehicleCategory>
    {
        ["staff"] = Vehicles.VehicleCategory.Staff,
        ["service"] = Vehicles.VehicleCategory.Service,
        ["delivery"] = Vehicles.VehicleCategory.Delivery,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static readonly ImmutableDictionary<string, NoticePreferences> Notices = new Dictionary<string, NoticePreferences>
    {
        ["arrival"] = NoticePreferences.Arrival,
        ["departure"] = NoticePreferences.Departure,
        ["dorm-check-in"] = NoticePreferences.DormCheckIn,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static readonly ImmutableDictionary<string, AlertKind> AlertKinds =
        Enum.GetValues<AlertKind>().ToImmutableDictionary(Incidents.KindName, k => k, StringComparer.Ordinal);

    public static readonly ImmutableDictionary<string, DayOfWeek> Weekdays =
        Enum.GetValues<DayOfWeek>().ToImmutableDictionary(d => d.ToString().ToLowerInvariant(), d => d, StringComparer.Ordinal);

    public static TimeOnly? Time(string text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    public static TimeSpan? Duration(string text) =>
        TimeSpan.TryParseExact(text, [@"hh\:mm\:ss", @"d\.hh\:mm\:ss"], CultureInfo.InvariantCulture, out var d) ? d : null;

    public static DateOnly? Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static DateTimeOffset? Instant(string text) =>
        InstantPattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;

    /// <summary>A single date or an inclusive range "yyyy-MM-dd..yyyy-MM-dd" (null when malformed or reversed).</summary>
    public static ImmutableArray<DateOnly>? DateRange(string text)
    {
        var parts = text.Split("..");
        if (parts.Length > 2) return null;
        var from = Date(parts[0]);
        var to = parts.Length == 2 ? Date(parts[1]) : from;
        if (from is null || to is null || to < from) return null;
        var days = ImmutableArray.CreateBuilder<DateOnly>();
        for (var d = from.Value; d <= to.Value; d = d.AddDays(1)) days.Add(d);
        return days.ToImmutable();
    }

    /// <summary>Quotes a value for an error message.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantPattern();
}

/// <summary>
/// Reads the fields of one JSON object of the manifest, recording an error (with the field's path)
/// for every missing, mistyped or malformed value and, on <see cref="Done"/>, every unknown field.
/// A reader method returns null when the value is absent or bad, so loading goes on and reports all errors.
/// </summary>
internal sealed class JsonSection(JsonElement element, string path, List<ManifestError> errors)
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public string Path { get; } = path;

    public List<ManifestError> Errors { get; } = errors;

    /// <summary>The path of a field of this object.</summary>
    public string PathOf(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public void Error(string name, string reason) => Errors.Add(new ManifestError(PathOf(name), reason));

    /// <summary>True when the field is present (and not null).</summary>
    public bool Has(string name)
    {
        _known.Add(name);
        return element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>A string field's value without recording anything (null when absent or not a non-empty string).</summary>
    public string? Peek(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;

    public string? String(string name, bool required = true)
    {
        if (!Get(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, $"expected a string, got {Describe(value)}");
            return null;
        }
        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(name, "is required (empty)");
            return null;
        }
        return text;
    }

    public int? Int(string name, bool required = true)
    {
        if (!Get(name, required, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)) return n;
        Error(name, $"expected a whole number, got {Describe(value)}");
        return null;
    }

    public double? Number(string name, bool required = true)
    {
        if (!Get(name, required, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) && double.IsFinite(n)) return n;
        Error(name, $"expected a number, got {Describe(value)}");
        return null;
    }

    public bool? Bool(string name, bool required = true)
    {
        if (!Get(name, required, out var value)) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Error(name, $"expected true or false, got {Describe(value)}");
        return null;
    }

    public TimeOnly? Time(string name, bool required = true) => Parsed(name, required, ManifestText.Time, "a time (HH:mm)");

    public TimeSpan? Duration(string name, bool required = true) => Parsed(name, required, ManifestText.Duration, "a duration (hh:mm:ss)");

    public DateOnly? Date(string name, bool required = true) => Parsed(name, required, ManifestText.Date, "a date (yyyy-MM-dd)");

    public DateTimeOffset? Instant(string name, bool required = true) =>
        Parsed(name, required, ManifestText.Instant, "an instant (ISO 8601 with offset, e.g. 2026-11-20T16:30:00+08:00)");

    /// <summary>A kebab-case enum value from <paramref name="names"/>.</summary>
    public T? Enum<T>(string name, ImmutableDictionary<string, T> names, bool required = true)
        where T : struct
    {
        var text = String(name, required);
        if (text is null) return null;
        if (names.TryGetValue(text, out var v)) return v;
        Error(name, $"{ManifestText.Quote(text)} is not one of {string.Join(", ", names.Keys.Order(StringComparer.Ordinal))}");
        return null;
    }

    /// <summary>The elements of an array field (empty when absent or not an array), each with its path.</summary>
    public IEnumerable<(JsonElement Item, string Path)> Array(string name, bool required = false)
    {
        if (!Get(name, required, out var value)) return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"expected an array, got {Describe(value)}");
            return [];
        }
        var path = PathOf(name);
        return [.. value.EnumerateArray().Select((item, i) => (item, $"{path}[{i}]"))];
    }

    /// <summary>The object elements of an array field, each as a section; non-objects are reported.</summary>
    public IEnumerable<JsonSection> Objects(string name, bool required = false)
    {
        foreach (var (item, itemPath) in Array(name, required))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                Errors.Add(new ManifestError(itemPath, $"expected an object, got {Describe(item)}"));
                continue;
            }
            yield return new JsonSection(item, itemPath, Errors);
        }
    }

    /// <summary>The string elements of an array field, each with its path; non-strings are reported.</summary>
    public IEnumerable<(string Text, string Path)> Strings(string name)
    {
        foreach (var (item, itemPath) in Array(name))
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Errors.Add(new ManifestError(itemPath, $"expected a string, got {Describe(item)}"));
                continue;
            }
            yield return (item.GetString()!, itemPath);
        }
    }

    /// <summary>An object field as a section (null when absent or not an object).</summary>
    public JsonSection? Object(string name, bool required = false)
    {
        if (!Get(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            Error(name, $"expected an object, got {Describe(value)}");
            return null;
        }
        return new JsonSection(value, PathOf(name), Errors);
    }

    /// <summary>The names of this object's fields, in document order (for maps keyed by name).</summary>
    public IEnumerable<string> FieldNames() => element.EnumerateObject().Select(p => p.Name);

    /// <summary>Reports every field that no reader asked for (usually a typo).</summary>
    public void Done()
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
                Error(property.Name, "is not a known field");
        }
    }

    private T? Parsed<T>(string name, bool required, Func<string, T?> parse, string format)
        where T : struct
    {
        var text = String(name, required);
        if (text is null) return null;
        var value = parse(text);
        if (value is null) Error(name, $"{ManifestText.Quote(text)} is not {format}");
        return value;
    }

    private bool Get(string name, bool required, out JsonElement value)
    {
        _known.Add(name);
        if (element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        if (required) Error(name, "is required");
        return false;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => ManifestText.Quote(value.GetString()!),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}
