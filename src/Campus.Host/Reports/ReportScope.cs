using Campus.Host.Auth;

namespace Campus.Host.Reports;

/// <summary>
/// What part of a daily report an account sees: admin, security and a county account of the campus
/// the whole report (a county account reads, it never acts); a teacher the
/// attendance rows (and the students behind them, and their corrections) of their classes only; a
/// supervisor the night rows of their dorms only. Every other section is left out. Other roles see
/// none of it.
/// </summary>
public static class ReportScope
{
    /// <summary>The sections of a report as the CSV export names them.</summary>
    public static readonly IReadOnlyList<string> Sections = ["attendance", "night", "alerts", "devices", "gates", "visitors", "vehicles"];

    /// <summary>True when <paramref name="user"/> sees (some of) <paramref name="section"/>.</summary>
    public static bool Sees(CampusUser user, string section)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsSecurity || user.IsCounty
            || (section == "attendance" && user.Role == Roles.Teacher)
            || (section == "night" && user.Role == Roles.Supervisor);
    }

    /// <summary>The part of <paramref name="report"/> that <paramref name="user"/> sees, or null when they see none of it.</summary>
    public static DailyReportData? For(CampusUser user, DailyReportData report)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(report);
        if (user.IsSecurity || user.IsCounty) return report;
        var none = report with { Headline = null, Attendance = null, Night = null, Alerts = null, Devices = null, Visitors = null, Vehicles = null, Corrections = [] };
        if (user.Role == Roles.Teacher)
        {
            bool Mine(string? classId) => classId is not null && user.Classes.Contains(classId);
            return none with
            {
                Attendance = report.Attendance is { } a
                    ? new AttendanceSection([.. a.Classes.Where(r => Mine(r.ClassId))], [], [.. a.Students.Where(s => Mine(s.ClassId))])
                    : null,
                Corrections = [.. report.Corrections.Where(c => c.Section == "attendance" && Mine(c.Key))],
            };
        }
        if (user.Role == Roles.Supervisor)
        {
            bool Mine(string? dormId) => dormId is not null && user.Dorms.Contains(dormId);
            return none with
            {
                Night = report.Night is { } n
                    ? new NightSection(n.Night, [.. n.Dorms.Where(d => Mine(d.DormId))], [.. n.Students.Where(s => Mine(s.DormId))])
                    : null,
                Corrections = [.. report.Corrections.Where(c => c.Section == "night" && Mine(c.Key))],
            };
        }
        return null;
    }
}
