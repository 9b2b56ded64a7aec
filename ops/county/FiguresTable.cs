using System.Globalization;
using Campus.County.Replay;

namespace Campus.County;

/// <summary><c>table a.json b.json</c>: two replays' figures side by side as a markdown table, with the ratio of the second to the first.</summary>
public static class FiguresTable
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 3)
        {
            error.WriteLine("usage: Campus.County table <first figures.json> <second figures.json>");
            return 2;
        }
        var (a, b) = (ReplayFigures.Load(args[1]), ReplayFigures.Load(args[2]));
        output.WriteLine($"| figure | {a.Label} | {b.Label} | ratio |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        Row(output, "nodes", a.Nodes, b.Nodes);
        Row(output, "campuses / students", $"{a.Campuses} / {a.Students:N0}", $"{b.Campuses} / {b.Students:N0}", null);
        Row(output, "events sent (scans)", $"{a.Events:N0} ({a.Scans:N0})", $"{b.Events:N0} ({b.Scans:N0})", Ratio(a.Events, b.Events));
        Row(output, "requests (retried)", $"{a.Requests:N0} ({a.Retries:N0})", $"{b.Requests:N0} ({b.Retries:N0})", Ratio(a.Requests, b.Requests));
        Row(output, "wall time, s (sending / clock moves)", $"{a.WallSeconds:N0} ({a.SendingSeconds:N0} / {a.ClockSeconds:N0})", $"{b.WallSeconds:N0} ({b.SendingSeconds:N0} / {b.ClockSeconds:N0})", Ratio(a.WallSeconds, b.WallSeconds));
        Row(output, "events/s", a.EventsPerSecond, b.EventsPerSecond);
        Row(output, "scans/s", a.ScansPerSecond, b.ScansPerSecond);
        Row(output, "alerts shown / expected", $"{a.AlertsShown:N0} / {a.AlertsExpected:N0}", $"{b.AlertsShown:N0} / {b.AlertsExpected:N0}", null);
        Row(output, "missing / extra / wrong resolution", $"{a.Missing} / {a.Extra} / {a.Mismatched}", $"{b.Missing} / {b.Extra} / {b.Mismatched}", null);
        Row(output, "resident memory, all nodes, MiB", Mib(a.ResidentBytes), Mib(b.ResidentBytes), Ratio(Total(a.ResidentBytes), Total(b.ResidentBytes)));
        Row(output, "resident bytes per student", Text(a.BytesPerStudent), Text(b.BytesPerStudent), Ratio(a.BytesPerStudent, b.BytesPerStudent));
        Row(output, "bytes per student added by the day", Text(a.GrowthPerStudent), Text(b.GrowthPerStudent), Ratio(a.GrowthPerStudent, b.GrowthPerStudent));
        return 0;
    }

    private static void Row(TextWriter output, string figure, double a, double b) => Row(output, figure, Text(a), Text(b), Ratio(a, b));

    private static void Row(TextWriter output, string figure, string a, string b, string? ratio) => output.WriteLine($"| {figure} | {a} | {b} | {ratio ?? ""} |");

    private static string? Ratio(double? a, double? b) => a is > 0 && b is { } y ? (y / a.Value).ToString("0.00", CultureInfo.InvariantCulture) : null;

    private static double? Total(IReadOnlyList<long?> bytes) => bytes.Count > 0 && bytes.All(b => b is not null) ? bytes.Sum(b => b!.Value) : null;

    private static string Mib(IReadOnlyList<long?> bytes) =>
        Total(bytes) is { } total ? $"{total / 1048576:N0} ({string.Join(" + ", bytes.Select(b => (b!.Value / 1048576).ToString("N0", CultureInfo.InvariantCulture)))})" : "n/a";

    private static string Text(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "n/a";
}
