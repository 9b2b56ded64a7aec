using System.Globalization;
using System.Text.Json;

namespace Campus.County.Replay;

/// <summary>
/// One replay's figures, printed and (with <c>--figures</c>) written as JSON for <c>table</c>.
/// Wall time counts from the first slice sent to the last clock move answered; setting up (sign-in,
/// device keys, the hosts' configuration settling) is counted apart.
/// </summary>
public sealed record ReplayFigures(
    string Label,
    int Nodes,
    int Campuses,
    int Students,
    long Events,
    long Scans,
    long Requests,
    long Accepted,
    long Duplicates,
    long Rejected,
    long Retries,
    int Slices,
    double SetupSeconds,
    double WallSeconds,
    double SendingSeconds,
    double ClockSeconds,
    int AlertsExpected,
    int AlertsShown,
    int Missing,
    int Extra,
    int Mismatched,
    IReadOnlyList<long?> ResidentBytesBefore,
    IReadOnlyList<long?> ResidentBytes,
    IReadOnlyList<long?> PeakBytes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public double EventsPerSecond => Events / WallSeconds;

    public double ScansPerSecond => Scans / WallSeconds;

    /// <summary>Every node's resident memory after the replay, over the students replayed (null without pids).</summary>
    public double? BytesPerStudent => ResidentBytes.Count > 0 && ResidentBytes.All(b => b is not null) ? ResidentBytes.Sum(b => b!.Value) / (double)Students : null;

    /// <summary>What the day added to every node's resident memory, over the students replayed (null without pids).</summary>
    public double? GrowthPerStudent => BytesPerStudent is { } && ResidentBytesBefore.All(b => b is not null)
        ? (ResidentBytes.Sum(b => b!.Value) - ResidentBytesBefore.Sum(b => b!.Value)) / (double)Students
        : null;

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static ReplayFigures Load(string path) =>
        JsonSerializer.Deserialize<ReplayFigures>(File.ReadAllText(path), Json) ?? throw new ReplayFailure($"{path} holds no figures");

    public void Print(TextWriter output)
    {
        output.WriteLine($"{Label}: {Nodes} node(s), {Campuses} campuses, {Students:N0} students");
        output.WriteLine($"  events sent      {Events:N0} in {Requests:N0} requests ({Scans:N0} scans: gate, dorm door and class-board); accepted {Accepted:N0}, duplicates {Duplicates:N0}, rejected {Rejected:N0}, retried {Retries:N0}");
        output.WriteLine($"  wall time        {WallSeconds:N1} s for {Slices:N0} slices (sending {SendingSeconds:N1} s, clock moves {ClockSeconds:N1} s); set-up {SetupSeconds:N1} s");
        output.WriteLine($"  throughput       {EventsPerSecond:N0} events/s, {ScansPerSecond:N0} scans/s");
        output.WriteLine($"  alerts           {AlertsShown:N0} shown, {AlertsExpected:N0} expected: {Missing:N0} missing, {Extra:N0} extra, {Mismatched:N0} with the wrong resolution");
        for (var i = 0; i < ResidentBytes.Count; i++)
            output.WriteLine($"  node {i + 1} memory    resident {Mb(ResidentBytes[i])} (before the day {Mb(ResidentBytesBefore[i])}, peak {Mb(PeakBytes[i])})");
        output.WriteLine(BytesPerStudent is { } perStudent
            ? $"  memory/student   {perStudent:N0} bytes (all nodes' resident memory over {Students:N0} students; the day added {GrowthPerStudent:N0} bytes per student)"
            : "  memory/student   n/a (give --pids to read /proc/<pid>/status)");
    }

    private static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MiB" : "n/a";
}
