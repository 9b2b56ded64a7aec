using Campus.Actors.Alerts;

namespace Campus.County.Replay;

/// <summary>
/// The alerts the hosts show against those the model's events must raise, matched by campus and
/// alert id: missing (expected, not shown), extra (shown, not expected) and resolved when it should
/// not be (or the reverse).
/// </summary>
public sealed class AlertComparison
{
    private const string Resolved = "resolved";

    private AlertComparison(List<ExpectedAlert> expected, List<(string Campus, AlertSeen Alert)> found)
    {
        Expected = expected;
        Found = found;
        var shown = found.ToDictionary(f => (f.Campus, f.Alert.AlertId));
        var wanted = expected.ToDictionary(e => (e.CampusId, e.AlertId));
        Missing = [.. expected.Where(e => !shown.ContainsKey((e.CampusId, e.AlertId)))];
        Extra = [.. found.Where(f => !wanted.ContainsKey((f.Campus, f.Alert.AlertId)))];
        Mismatched = [.. expected.Where(e => shown.TryGetValue((e.CampusId, e.AlertId), out var f) && (f.Alert.Status == Resolved) != e.Resolved)];
    }

    public List<ExpectedAlert> Expected { get; }

    public List<(string Campus, AlertSeen Alert)> Found { get; }

    public List<ExpectedAlert> Missing { get; }

    public List<(string Campus, AlertSeen Alert)> Extra { get; }

    /// <summary>Shown, but resolved when the model says it must be open, or open when a later event must have resolved it.</summary>
    public List<ExpectedAlert> Mismatched { get; }

    public bool Matches => Missing.Count == 0 && Extra.Count == 0 && Mismatched.Count == 0;

    public static AlertComparison Compare(IEnumerable<ExpectedAlert> expected, IEnumerable<(string Campus, AlertSeen Alert)> found) =>
        new([.. expected], [.. found]);

    /// <summary>Alerts by kind: expected and shown, how many of each resolved, missing and extra.</summary>
    public void Print(TextWriter output)
    {
        output.WriteLine("| alert kind | expected | shown | resolved (expected / shown) | missing | extra |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var kinds = Expected.Select(e => Incidents.KindName(e.Kind)).Concat(Found.Select(f => f.Alert.Kind)).Distinct().Order(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            var expected = Expected.Where(e => Incidents.KindName(e.Kind) == kind).ToList();
            var shown = Found.Where(f => f.Alert.Kind == kind).ToList();
            output.WriteLine($"| {kind} | {expected.Count:N0} | {shown.Count:N0} | {expected.Count(e => e.Resolved):N0} / {shown.Count(f => f.Alert.Status == Resolved):N0} | " +
                $"{Missing.Count(m => Incidents.KindName(m.Kind) == kind):N0} | {Extra.Count(x => x.Alert.Kind == kind):N0} |");
        }
        output.WriteLine($"| all | {Expected.Count:N0} | {Found.Count:N0} | {Expected.Count(e => e.Resolved):N0} / {Found.Count(f => f.Alert.Status == Resolved):N0} | {Missing.Count:N0} | {Extra.Count:N0} |");
        foreach (var m in Missing.Take(10)) output.WriteLine($"  missing: {m.CampusId} {m.AlertId}{(m.Resolved ? " (resolved)" : "")}");
        foreach (var x in Extra.Take(10)) output.WriteLine($"  extra: {x.Campus} {x.Alert.AlertId} ({x.Alert.Status})");
        foreach (var m in Mismatched.Take(10)) output.WriteLine($"  {(m.Resolved ? "open, expected resolved" : "resolved, expected open")}: {m.CampusId} {m.AlertId}");
        if (Mismatched.Count > 0) output.WriteLine($"  {Mismatched.Count:N0} alerts with the wrong resolution");
    }
}
