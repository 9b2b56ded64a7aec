using System.Globalization;
using System.Text;

namespace Campus.Host.Reports;

/// <summary>One campus's row of the county report: its headline of the day, or why there is none.</summary>
/// <param name="Closed">False when the campus's report of the day is not closed yet (no figures).</param>
/// <param name="AbsentRate">Absent without leave, of those expected (0 when nobody was expected).</param>
/// <param name="MissingRate">Boarders still missing at wake-up, of the boarders expected (0 when the night was not checked).</param>
public sealed record CountyRow(string CampusId, string Name, bool Closed, Headline? Headline, double AbsentRate, double MissingRate);

/// <summary>The county totals of a day: the sums of the closed campuses' headlines.</summary>
public sealed record CountyTotals(
    int Campuses,
    int Closed,
    int Expected,
    int Arrived,
    int Late,
    int Absent,
    int AbsentWithoutLeave,
    int LeftEarly,
    int BoardersExpected,
    int InByCurfew,
    int StillMissing,
    int AlertsRaised,
    int AlertsOpen,
    int Critical,
    int DeviceOfflineMinutes);

/// <summary>
/// The county daily report: one row per campus from its closed daily report, the county totals, and
/// the schools whose day (absent without leave, of those expected) and night (still missing at
/// wake-up, of the boarders expected) went worst. Only closed reports count: a campus whose day is
/// not closed yet is listed without figures.
/// </summary>
public sealed record CountyReport(DateOnly Date, IReadOnlyList<CountyRow> Campuses, CountyTotals Totals, IReadOnlyList<string> WorstDays, IReadOnlyList<string> WorstNights)
{
    /// <summary>How many schools the worst lists name at most.</summary>
    public const int Worst = 3;

    /// <summary>Builds the county report of <paramref name="date"/> from each campus's closed report (null: not closed).</summary>
    public static CountyReport Of(DateOnly date, IEnumerable<(string CampusId, string Name, DailyReportData? Report)> campuses)
    {
        ArgumentNullException.ThrowIfNull(campuses);
        var rows = campuses.Select(c => c.Report?.Headline is { } h
                ? new CountyRow(c.CampusId, c.Name, true, h, Rate(h.AbsentWithoutLeave, h.Expected), h.NightChecked ? Rate(h.StillMissing, h.BoardersExpected) : 0)
                : new CountyRow(c.CampusId, c.Name, false, null, 0, 0))
            .OrderBy(r => r.CampusId, StringComparer.Ordinal)
            .ToList();
        var closed = rows.Where(r => r.Headline is not null).Select(r => r.Headline!).ToList();
        var totals = new CountyTotals(rows.Count, closed.Count,
            closed.Sum(h => h.Expected), closed.Sum(h => h.Arrived), closed.Sum(h => h.Late), closed.Sum(h => h.Absent), closed.Sum(h => h.AbsentWithoutLeave),
            closed.Sum(h => h.LeftEarly), closed.Sum(h => h.BoardersExpected), closed.Sum(h => h.InByCurfew), closed.Sum(h => h.StillMissing),
            closed.Sum(h => h.AlertsRaised), closed.Sum(h => h.AlertsOpen), closed.Sum(h => h.Critical), closed.Sum(h => h.DeviceOfflineMinutes));
        var worstDays = rows.Where(r => r.AbsentRate > 0)
            .OrderByDescending(r => r.AbsentRate).ThenByDescending(r => r.Headline!.AbsentWithoutLeave).ThenBy(r => r.CampusId, StringComparer.Ordinal)
            .Take(Worst).Select(r => r.CampusId).ToList();
        var worstNights = rows.Where(r => r.MissingRate > 0)
            .OrderByDescending(r => r.MissingRate).ThenByDescending(r => r.Headline!.StillMissing).ThenBy(r => r.CampusId, StringComparer.Ordinal)
            .Take(Worst).Select(r => r.CampusId).ToList();
        return new CountyReport(date, rows, totals, worstDays, worstNights);
    }

    /// <summary>The rows as CSV (a header, one line per campus, then the totals).</summary>
    public string Csv()
    {
        var csv = new StringBuilder();
        csv.Append("campus_id,name,closed,expected,arrived,late,absent,absent_without_leave,left_early,boarders_expected,in_by_curfew,still_missing,alerts_raised,alerts_open,critical,device_offline_minutes\r\n");
        foreach (var row in Campuses)
        {
            var h = row.Headline;
            csv.Append(string.Join(',', ReportCsv.Cell(row.CampusId), ReportCsv.Cell(row.Name), row.Closed ? "yes" : "no",
                Figures(h is null ? null : [h.Expected, h.Arrived, h.Late, h.Absent, h.AbsentWithoutLeave, h.LeftEarly, h.BoardersExpected, h.InByCurfew, h.StillMissing,
                    h.AlertsRaised, h.AlertsOpen, h.Critical, h.DeviceOfflineMinutes]))).Append("\r\n");
        }
        var t = Totals;
        csv.Append(string.Join(',', "total", "", $"{t.Closed}/{t.Campuses}", Figures([t.Expected, t.Arrived, t.Late, t.Absent, t.AbsentWithoutLeave, t.LeftEarly,
            t.BoardersExpected, t.InByCurfew, t.StillMissing, t.AlertsRaised, t.AlertsOpen, t.Critical, t.DeviceOfflineMinutes]))).Append("\r\n");
        return csv.ToString();
    }

    private static string Figures(int[]? figures) =>
        figures is null ? new string(',', 12) : string.Join(',', figures.Select(f => f.ToString(CultureInfo.InvariantCulture)));

    private static double Rate(int part, int whole) => whole <= 0 ? 0 : Math.Round((double)part / whole, 4);
}
