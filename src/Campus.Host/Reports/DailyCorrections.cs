using System.Globalization;

namespace Campus.Host.Reports;

/// <summary>
/// The corrections to a closed report: the day computed again (as of the same close time, so only
/// events of the day that arrived after it closed change anything) is compared figure by figure with
/// the stored report, section rows matched by their key (a class, grade, dorm, alert kind and
/// severity, device, vehicle category). Every figure that differs, appeared or disappeared is one
/// <see cref="Correction"/>. Pure.
/// </summary>
public static class DailyCorrections
{
    /// <summary>The figures of <paramref name="recomputed"/> that differ from <paramref name="stored"/> (both of the same day), in report order.</summary>
    public static IReadOnlyList<Correction> Between(DailyReportData stored, DailyReportData recomputed)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(recomputed);
        var was = new Dictionary<(string, string, string), string>();
        var order = new List<(string Section, string Key, string Figure)>();
        foreach (var (section, key, figure, value) in Figures(stored))
        {
            if (was.TryAdd((section, key, figure), value)) order.Add((section, key, figure));
        }
        var now = new Dictionary<(string, string, string), string>();
        var corrections = new List<Correction>();
        foreach (var (section, key, figure, value) in Figures(recomputed))
        {
            if (!now.TryAdd((section, key, figure), value)) continue;
            var before = was.GetValueOrDefault((section, key, figure));
            if (before != value) corrections.Add(new Correction(stored.Date, section, key, figure, before, value));
        }
        foreach (var (section, key, figure) in order.Where(f => !now.ContainsKey(f)))
        {
            corrections.Add(new Correction(stored.Date, section, key, figure, was[(section, key, figure)], null));
        }
        return corrections;
    }

    /// <summary>Every figure of a report as (section, row key, figure name, value), in report order.</summary>
    public static IEnumerable<(string Section, string Key, string Figure, string Value)> Figures(DailyReportData report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Headline is { } h)
        {
            foreach (var (figure, value) in new (string, object?)[]
            {
                ("expected", h.Expected), ("arrived", h.Arrived), ("late", h.Late), ("absent", h.Absent), ("absentWithoutLeave", h.AbsentWithoutLeave),
                ("leftEarly", h.LeftEarly), ("boardersExpected", h.BoardersExpected), ("inByCurfew", h.InByCurfew), ("stillMissing", h.StillMissing),
                ("alertsRaised", h.AlertsRaised), ("alertsOpen", h.AlertsOpen), ("critical", h.Critical), ("deviceOfflineMinutes", h.DeviceOfflineMinutes),
            })
            {
                yield return ("headline", "campus", figure, Text(value));
            }
        }
        if (report.Attendance is { } attendance)
        {
            foreach (var row in attendance.Classes) foreach (var f in Attendance("attendance", row.ClassId!, row)) yield return f;
            foreach (var row in attendance.Grades) foreach (var f in Attendance("attendance", "grade:" + row.Grade, row)) yield return f;
        }
        if (report.Night is { } night)
        {
            foreach (var row in night.Dorms)
            {
                foreach (var (figure, value) in new (string, object?)[]
                {
                    ("checked", row.Checked), ("boarders", row.Boarders), ("onLeave", row.OnLeave), ("expected", row.Expected), ("inByCurfew", row.InByCurfew),
                    ("lateReturns", row.LateReturns), ("stillMissing", row.StillMissing), ("nightExits", row.NightExits),
                })
                {
                    yield return ("night", row.DormId, figure, Text(value));
                }
            }
        }
        if (report.Alerts is { } alerts)
        {
            foreach (var row in alerts.Kinds)
            {
                var key = $"{row.Kind}/{row.Severity}";
                foreach (var (figure, value) in new (string, object?)[]
                {
                    ("raised", row.Raised), ("acknowledged", row.Acknowledged), ("ackMedianMinutes", row.AckMedianMinutes), ("ackWorstMinutes", row.AckWorstMinutes),
                    ("resolved", row.Resolved), ("resolveMedianMinutes", row.ResolveMedianMinutes), ("resolveWorstMinutes", row.ResolveWorstMinutes),
                    ("openAtClose", row.OpenAtClose),
                })
                {
                    yield return ("alerts", key, figure, Text(value));
                }
                foreach (var level in row.EscalatedTo) yield return ("alerts", key, $"escalatedTo:{level.Level}", Text(level.Count));
                foreach (var outcome in row.Outcomes) yield return ("alerts", key, $"outcome:{outcome.Outcome}", Text(outcome.Count));
            }
        }
        if (report.Devices is { } devices)
        {
            foreach (var row in devices.Devices)
            {
                yield return ("devices", row.DeviceId, "offlineMinutes", Text(row.OfflineMinutes));
                yield return ("devices", row.DeviceId, "wentOffline", Text(row.WentOffline));
            }
            yield return ("devices", "gates", "passagesIn", Text(devices.PassagesIn));
            yield return ("devices", "gates", "passagesOut", Text(devices.PassagesOut));
        }
        if (report.Visitors is { } v)
        {
            foreach (var (figure, value) in new (string, object?)[]
            {
                ("registered", v.Registered), ("checkedIn", v.CheckedIn), ("walkIns", v.WalkIns), ("checkedOut", v.CheckedOut), ("overstays", v.Overstays),
            })
            {
                yield return ("visitors", "visits", figure, Text(value));
            }
        }
        if (report.Vehicles is { } vehicles)
        {
            foreach (var row in vehicles.Categories)
            {
                yield return ("vehicles", row.Category, "in", Text(row.In));
                yield return ("vehicles", row.Category, "out", Text(row.Out));
                yield return ("vehicles", row.Category, "lowConfidence", Text(row.LowConfidence));
            }
            yield return ("vehicles", "log", "unknownIn", Text(vehicles.UnknownIn));
            yield return ("vehicles", "log", "lowConfidence", Text(vehicles.LowConfidence));
        }
    }

    private static IEnumerable<(string, string, string, string)> Attendance(string section, string key, AttendanceRow row)
    {
        yield return (section, key, "expected", Text(row.Expected));
        yield return (section, key, "arrived", Text(row.Arrived));
        yield return (section, key, "late", Text(row.Late));
        yield return (section, key, "absentWithLeave", Text(row.AbsentWithLeave));
        yield return (section, key, "absentWithoutLeave", Text(row.AbsentWithoutLeave));
        yield return (section, key, "leftEarly", Text(row.LeftEarly));
    }

    /// <summary>A figure as text: numbers in the invariant culture, booleans as true/false, none as empty.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString("0.#", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
