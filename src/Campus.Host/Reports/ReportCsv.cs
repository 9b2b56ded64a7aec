using System.Globalization;
using System.Text;

namespace Campus.Host.Reports;

/// <summary>
/// One section of a daily report as CSV (RFC 4180: a header row, comma-separated, quoted where
/// needed, CRLF line ends). Times are in the campus's time zone (<c>yyyy-MM-dd HH:mm</c>). A text
/// cell that a spreadsheet would take for a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>) is prefixed with an apostrophe.
/// </summary>
public static class ReportCsv
{
    /// <summary>The CSV of <paramref name="section"/> (one of <see cref="ReportScope.Sections"/>) of an already scoped report; an empty table when the reader does not see it.</summary>
    public static string Render(DailyReportData report, string section, Func<DateTimeOffset, DateTimeOffset> toLocal)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(toLocal);
        var date = Date(report.Date);
        string Time(DateTimeOffset at) => toLocal(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var (header, rows) = section switch
        {
            "attendance" => (new[] { "date", "grade", "classId", "className", "expected", "arrived", "late", "absentWithLeave", "absentWithoutLeave", "leftEarly" },
                (report.Attendance?.Classes ?? []).Concat(report.Attendance?.Grades ?? [])
                    .Select(r => new object?[] { date, r.Grade, r.ClassId, r.ClassName, r.Expected, r.Arrived, r.Late, r.AbsentWithLeave, r.AbsentWithoutLeave, r.LeftEarly })),
            "night" => (["night", "dormId", "dormName", "checked", "curfewAt", "wakeUpAt", "boarders", "onLeave", "expected", "inByCurfew", "lateReturns", "stillMissing", "nightExits"],
                (report.Night?.Dorms ?? []).Select(d => new object?[] { Date(report.Night!.Night), d.DormId, d.DormName, d.Checked, Time(d.CurfewAt), Time(d.WakeUpAt),
                    d.Boarders, d.OnLeave, d.Expected, d.InByCurfew, d.LateReturns, d.StillMissing, d.NightExits })),
            "alerts" => (["date", "kind", "severity", "raised", "acknowledged", "ackMedianMinutes", "ackWorstMinutes", "resolved", "resolveMedianMinutes", "resolveWorstMinutes",
                    "escalatedTo", "openAtClose", "outcomes"],
                (report.Alerts?.Kinds ?? []).Select(k => new object?[] { date, k.Kind, k.Severity, k.Raised, k.Acknowledged, k.AckMedianMinutes, k.AckWorstMinutes,
                    k.Resolved, k.ResolveMedianMinutes, k.ResolveWorstMinutes, string.Join("; ", k.EscalatedTo.Select(l => $"{l.Level} {l.Role}={l.Count}")), k.OpenAtClose,
                    string.Join("; ", k.Outcomes.Select(o => $"{o.Outcome}={o.Count}")) })),
            "devices" => (["date", "deviceId", "kind", "locationId", "activeFrom", "activeTo", "offlineMinutes", "wentOffline"],
                (report.Devices?.Devices ?? []).Select(d => new object?[] { date, d.DeviceId, d.Kind, d.LocationId, Clock(d.ActiveFrom), Clock(d.ActiveTo), d.OfflineMinutes, d.WentOffline })),
            "gates" => (["date", "passagesIn", "passagesOut"],
                report.Devices is { } devices ? [new object?[] { date, devices.PassagesIn, devices.PassagesOut }] : Enumerable.Empty<object?[]>()),
            "visitors" => (["date", "registered", "checkedIn", "walkIns", "checkedOut", "overstays"],
                report.Visitors is { } v ? [new object?[] { date, v.Registered, v.CheckedIn, v.WalkIns, v.CheckedOut, v.Overstays }] : Enumerable.Empty<object?[]>()),
            "vehicles" => (["date", "category", "in", "out", "lowConfidence"],
                (report.Vehicles?.Categories ?? []).Select(c => new object?[] { date, c.Category, c.In, c.Out, c.LowConfidence })),
            _ => throw new ArgumentOutOfRangeException(nameof(section), section, "Not a section of the daily report."),
        };
        var csv = new StringBuilder();
        Line(csv, header);
        foreach (var row in rows) Line(csv, row);
        return csv.ToString();
    }

    private static void Line(StringBuilder csv, IEnumerable<object?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first) csv.Append(',');
            first = false;
            csv.Append(Cell(cell));
        }
        csv.Append("\r\n");
    }

    /// <summary>One CSV cell: quoted when needed; text that a spreadsheet would run as a formula starts with an apostrophe.</summary>
    internal static string Cell(object? value)
    {
        if (value is not string text) return DailyCorrections.Text(value);
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@') text = "'" + text;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static string Clock(TimeOnly? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
