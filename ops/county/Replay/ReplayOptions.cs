using System.Globalization;

namespace Campus.County.Replay;

/// <summary>The replay's command line (see Program's usage).</summary>
/// <param name="From">Where the replay starts on <paramref name="Day"/>, campus time: the hosts' <c>Campus:SimulatedStart</c>.</param>
/// <param name="Length">How much simulated time is replayed from <paramref name="From"/>.</param>
/// <param name="Slice">The longest clock move between two rounds of sending; at most the hosts' <c>Campus:MaxClockSkew</c> (5 minutes by default), since a slice's events are sent before the clock reaches them.</param>
public sealed record ReplayOptions(
    IReadOnlyList<Uri> Nodes,
    string Manifests,
    DateOnly Day,
    string Admin,
    string Password,
    IReadOnlyList<int> Pids,
    int? Campuses,
    int Clients,
    TimeSpan Slice,
    TimeOnly From,
    TimeSpan Length,
    string Label,
    string? FiguresFile)
{
    public const string PasswordVariable = "CAMPUS_ADMIN_PASSWORD";

    private static readonly string[] Known =
        ["--nodes", "--manifests", "--day", "--admin", "--password", "--pids", "--campuses", "--clients", "--slice", "--from", "--hours", "--label", "--figures"];

    /// <summary>Reads the options; writes what is wrong to <paramref name="error"/> and returns null when they are unusable.</summary>
    public static ReplayOptions? Parse(string[] args, TextWriter error)
    {
        var problems = Arguments.Unknown(args, Known).Select(a => $"unknown option {a}").ToList();
        string Required(string name)
        {
            var value = Arguments.Value(args, name);
            if (string.IsNullOrWhiteSpace(value)) problems.Add($"{name} is required");
            return value ?? "";
        }
        T Parsed<T>(string name, T fallback, Func<string, T?> parse) where T : struct
        {
            if (Arguments.Value(args, name) is not { } text) return fallback;
            if (parse(text) is { } value) return value;
            problems.Add($"{name}: cannot read \"{text}\"");
            return fallback;
        }

        var nodes = Required("--nodes").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => Uri.TryCreate(n, UriKind.Absolute, out var uri) ? uri : null).ToList();
        if (nodes.Count == 0 || nodes.Any(n => n is null)) problems.Add("--nodes must list absolute URLs separated by commas");
        var manifests = Required("--manifests");
        var day = Parsed("--day", default(DateOnly), t => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null);
        if (day == default) problems.Add("--day (yyyy-MM-dd) is required");
        var admin = Required("--admin");
        var password = Arguments.Value(args, "--password") ?? Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password)) problems.Add($"--password or {PasswordVariable} is required");
        var pids = (Arguments.Value(args, "--pids") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var pid) ? pid : -1).ToList();
        if (pids.Any(p => p <= 0)) problems.Add("--pids must list process ids separated by commas");
        if (pids.Count > 0 && pids.Count != nodes.Count) problems.Add("--pids must name one process per node, in the order of --nodes");
        int? campuses = Arguments.Value(args, "--campuses") is null ? null : Parsed("--campuses", 0, t => int.TryParse(t, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null);
        var clients = Parsed("--clients", 16, t => int.TryParse(t, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 256 ? n : null);
        var slice = Parsed("--slice", TimeSpan.FromMinutes(5), t => TimeSpan.TryParseExact(t, "hh\\:mm\\:ss", CultureInfo.InvariantCulture, out var s) && s > TimeSpan.Zero ? s : null);
        var from = Parsed("--from", new TimeOnly(5, 0), t => TimeOnly.TryParseExact(t, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null);
        var hours = Parsed("--hours", 24, t => int.TryParse(t, CultureInfo.InvariantCulture, out var h) && h is > 0 and <= 48 ? h : null);

        foreach (var problem in problems) error.WriteLine(problem);
        if (problems.Count > 0) return null;
        return new ReplayOptions([.. nodes.Select(n => n!)], manifests, day, admin, password!, pids, campuses, clients, slice, from,
            TimeSpan.FromHours(hours), Arguments.Value(args, "--label") ?? $"{nodes.Count} node(s)", Arguments.Value(args, "--figures"));
    }
}
