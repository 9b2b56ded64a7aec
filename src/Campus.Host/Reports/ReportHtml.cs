using System.Globalization;
using System.Net;
using System.Text;
using Campus.Actors.Reference;

namespace Campus.Host.Reports;

/// <summary>
/// The printable daily report: one self-contained HTML page for A4 paper (its own stylesheet in a
/// <c>&lt;style&gt;</c> element, no script, no image), in <c>zh-CN</c> or <c>en</c>, with the school's
/// name and time zone and every time in that zone; a table per section the reader may see.
/// </summary>
public static class ReportHtml
{
    /// <summary>
    /// The page's stylesheet. The host's Content-Security-Policy allows no inline style, so the page's
    /// answer allows this one stylesheet by its hash (<see cref="Console.SecurityHeaders.AllowInlineStyle"/>).
    /// </summary>
    public const string Css =
        "@page { size: A4; margin: 15mm; }\n" +
        "body { font-family: \"Noto Sans CJK SC\", \"Microsoft YaHei\", \"PingFang SC\", sans-serif; font-size: 10pt; color: #000; margin: 0; }\n" +
        "h1 { font-size: 16pt; margin: 0 0 4pt; }\n" +
        "h2 { font-size: 12pt; margin: 12pt 0 4pt; border-bottom: 1px solid #000; page-break-after: avoid; }\n" +
        "h3 { font-size: 10pt; margin: 6pt 0 2pt; }\n" +
        "p { margin: 0 0 2pt; }\n" +
        "table { width: 100%; border-collapse: collapse; }\n" +
        "thead { display: table-header-group; }\n" +
        "tr { page-break-inside: avoid; }\n" +
        "th, td { border: 1px solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }\n" +
        "th { background: #eee; }\n" +
        "td.n { text-align: right; }\n" +
        "tr.total td { font-weight: bold; }\n" +
        ".muted { color: #555; }\n";

    /// <summary>The page of <paramref name="report"/> (already scoped to its reader) in <paramref name="text"/>'s language.</summary>
    public static string Render(DailyReportData report, CampusManifest campus, ReportText text)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(campus);
        ArgumentNullException.ThrowIfNull(text);
        var rules = campus.Rules;
        string Time(DateTimeOffset? at) => at is { } t ? rules.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
        string Clock(DateTimeOffset? at) => at is { } t ? rules.ToLocal(t).ToString("HH:mm", CultureInfo.InvariantCulture) : "";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(text.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(E($"{report.CampusName} {text["title"]} {Date(report.Date)}")).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(report.CampusName)).Append(' ').Append(E(text["title"])).Append("</h1>\n");
        html.Append("<p>").Append(E(text["date"])).Append(": ").Append(Date(report.Date)).Append(" (").Append(E(report.SchoolDay ? text["schoolDay"] : text["noSchool"]))
            .Append(") · ").Append(E(text["timeZone"])).Append(": ").Append(E(report.TimeZone)).Append("</p>\n");
        html.Append("<p class=\"muted\">").Append(E(report.Closed ? text["closed"] : text["preview"])).Append(' ').Append(Time(report.Closed ? report.ClosedAt : report.AsOf)).Append("</p>\n");

        if (report.Headline is { } h)
        {
            Section(html, text["headline"]);
            Table(html, text, ["expected", "arrived", "late", "absent", "absentWithoutLeave", "leftEarly", "boardersExpected", "inByCurfew", "stillMissing", "alertsRaised", "alertsOpen", "critical", "deviceOfflineMinutes"],
                [[N(h.Expected), N(h.Arrived), N(h.Late), N(h.Absent), N(h.AbsentWithoutLeave), N(h.LeftEarly),
                  h.NightChecked ? N(h.BoardersExpected) : text["notChecked"], h.NightChecked ? N(h.InByCurfew) : "", h.NightChecked ? N(h.StillMissing) : "",
                  N(h.AlertsRaised), N(h.AlertsOpen), N(h.Critical), N(h.DeviceOfflineMinutes)]]);
        }
        if (report.Attendance is { } attendance)
        {
            Section(html, text["attendance"]);
            var rows = attendance.Classes.Select(r => (Total: false, Cells: AttendanceCells(r, r.ClassName ?? r.ClassId ?? "")))
                .Concat(attendance.Grades.Select(r => (Total: true, Cells: AttendanceCells(r, string.Format(CultureInfo.InvariantCulture, text["gradeTotal"], r.Grade)))));
            Table(html, text, ["grade", "class", "expected", "arrived", "late", "absentWithLeave", "absentWithoutLeave", "leftEarly"], rows.Select(r => r.Cells), totals: rows.Select(r => r.Total).ToList());
            Students(html, text, attendance.Students, Clock);
        }
        if (report.Night is { } night)
        {
            Section(html, $"{text["night"]} ({text["nightOf"]} {Date(night.Night)})");
            Table(html, text, ["dorm", "curfew", "wakeUp", "boarders", "onLeave", "expected", "inByCurfew", "lateReturns", "stillMissing", "nightExits"],
                night.Dorms.Select(d => d.Checked
                    ? new[] { d.DormName, Time(d.CurfewAt), Time(d.WakeUpAt), N(d.Boarders), N(d.OnLeave), N(d.Expected), N(d.InByCurfew), N(d.LateReturns), N(d.StillMissing), N(d.NightExits) }
                    : [d.DormName, Time(d.CurfewAt), Time(d.WakeUpAt), N(d.Boarders), text["notChecked"], "", "", "", "", ""]));
            Students(html, text, night.Students, Clock);
        }
        if (report.Alerts is { } alerts)
        {
            Section(html, text["alerts"]);
            Table(html, text, ["kind", "severity", "raised", "acknowledged", "ackMedianMinutes", "ackWorstMinutes", "resolved", "resolveMedianMinutes", "resolveWorstMinutes", "escalatedTo", "openAtClose", "outcomes"],
                alerts.Kinds.Select(k => new[]
                {
                    text.Of("kind", k.Kind), text.Of("severity", k.Severity), N(k.Raised), N(k.Acknowledged), N(k.AckMedianMinutes), N(k.AckWorstMinutes),
                    N(k.Resolved), N(k.ResolveMedianMinutes), N(k.ResolveWorstMinutes),
                    string.Join(", ", k.EscalatedTo.Select(l => $"{l.Role} ({l.Level}): {l.Count}")), N(k.OpenAtClose),
                    string.Join(", ", k.Outcomes.Select(o => $"{text.Of("outcome", o.Outcome)}: {o.Count}")),
                }));
        }
        if (report.Devices is { } devices)
        {
            Section(html, text["devices"]);
            Table(html, text, ["device", "location", "activeHours", "offlineMinutes", "wentOffline"],
                devices.Devices.Select(d => new[] { $"{d.DeviceId} ({d.Kind})", campus.PlaceName(d.LocationId) ?? d.LocationId, Hours(d, text), N(d.OfflineMinutes), N(d.WentOffline) }));
            Section(html, text["gates"], level: 3);
            Table(html, text, ["passagesIn", "passagesOut"], [[N(devices.PassagesIn), N(devices.PassagesOut)]]);
        }
        if (report.Visitors is { } v)
        {
            Section(html, text["visitors"]);
            Table(html, text, ["registered", "checkedIn", "walkIns", "checkedOut", "overstays"], [[N(v.Registered), N(v.CheckedIn), N(v.WalkIns), N(v.CheckedOut), N(v.Overstays)]]);
        }
        if (report.Vehicles is { } vehicles)
        {
            Section(html, text["vehicles"]);
            Table(html, text, ["category", "in", "out", "lowConfidence"], vehicles.Categories.Select(c => new[] { text.Of("category", c.Category), N(c.In), N(c.Out), N(c.LowConfidence) }));
            html.Append("<p>").Append(E(text["unknownIn"])).Append(": ").Append(N(vehicles.UnknownIn)).Append(" · ").Append(E(text["lowConfidence"])).Append(": ").Append(N(vehicles.LowConfidence)).Append("</p>\n");
        }
        if (report.Headline is not null || report.Corrections.Count > 0)
        {
            Section(html, text["corrections"]);
            Table(html, text, ["date", "section", "key", "figure", "was", "now"],
                report.Corrections.Select(c => new[] { Date(c.Date), text[c.Section], c.Key, Figure(text, c.Figure), c.Was ?? "", c.Now ?? "" }));
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A correction's figure in words: <c>escalatedTo:2</c> reads "Escalated to 2".</summary>
    private static string Figure(ReportText text, string figure)
    {
        var colon = figure.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? text[figure] : $"{text[figure[..colon]]} {figure[(colon + 1)..]}";
    }

    private static string[] AttendanceCells(AttendanceRow r, string name) =>
        [r.Grade, name, N(r.Expected), N(r.Arrived), N(r.Late), N(r.AbsentWithLeave), N(r.AbsentWithoutLeave), N(r.LeftEarly)];

    private static void Students(StringBuilder html, ReportText text, IReadOnlyList<StudentException> students, Func<DateTimeOffset?, string> clock)
    {
        if (students.Count == 0) return;
        Section(html, text["students"], level: 3);
        Table(html, text, ["student", "class", "dorm", "what", "at"],
            students.Select(s => new[] { $"{s.Name} ({s.StudentId})", s.ClassId, s.DormId ?? "", text.Of("what", s.What), clock(s.At) }));
    }

    private static string Hours(DeviceRow device, ReportText text) =>
        device.ActiveFrom is null && device.ActiveTo is null
            ? text["allDay"]
            : $"{device.ActiveFrom?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "00:00"}-{device.ActiveTo?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "24:00"}";

    private static void Section(StringBuilder html, string title, int level = 2) =>
        html.Append("<h").Append(level).Append('>').Append(E(title)).Append("</h").Append(level).Append(">\n");

    /// <summary>A table: a header row of column words, then the rows (cells that are numbers are right-aligned); "None." when there is no row.</summary>
    private static void Table(StringBuilder html, ReportText text, IReadOnlyList<string> columns, IEnumerable<string[]> rows, IReadOnlyList<bool>? totals = null)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            html.Append("<p class=\"muted\">").Append(E(text["none"])).Append("</p>\n");
            return;
        }
        html.Append("<table>\n<thead><tr>");
        foreach (var column in columns) html.Append("<th>").Append(E(text[column])).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (var i = 0; i < list.Count; i++)
        {
            html.Append(totals is not null && i < totals.Count && totals[i] ? "<tr class=\"total\">" : "<tr>");
            foreach (var cell in list[i])
            {
                var number = cell.Length > 0 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                html.Append(number ? "<td class=\"n\">" : "<td>").Append(E(cell)).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string N(double? value) => DailyCorrections.Text(value);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
