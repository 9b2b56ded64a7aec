using Campus.Host.Reports;

namespace Campus.Host.Tests.Reports;

/// <summary>The county daily report from the campus reports: rows, totals, the worst days and nights (pure).</summary>
public sealed class CountyReportTests
{
    private static readonly DateOnly Day = new(2026, 11, 25);

    private static DailyReportData Report(string campus, int expected, int absentWithoutLeave, int boarders, int missing, bool nightChecked = true) =>
        new(campus, campus.ToUpperInvariant(), "Asia/Shanghai", Day, true, default, true, default,
            new Headline(true, expected, expected - absentWithoutLeave, 1, absentWithoutLeave, absentWithoutLeave, 0, nightChecked, boarders, boarders - missing, missing, 5, 1, 0, 10),
            null, null, null, null, null, null, []);

    [Fact]
    public void Rows_totals_and_the_worst_schools_come_from_the_closed_reports_and_an_open_day_is_listed_without_figures()
    {
        var county = CountyReport.Of(Day,
        [
            ("a", "A", Report("a", 300, 3, 200, 0)),    // 1% absent, nobody missing
            ("b", "B", Report("b", 100, 5, 50, 2)),     // 5% absent, 4% missing
            ("c", "C", Report("c", 200, 0, 100, 1)),    // nobody absent, 1% missing
            ("d", "D", null),                           // not closed yet
            ("e", "E", Report("e", 400, 8, 0, 0, nightChecked: false)),
        ]);

        Assert.Equal(["a", "b", "c", "d", "e"], county.Campuses.Select(r => r.CampusId));
        Assert.False(county.Campuses.Single(r => r.CampusId == "d").Closed);
        Assert.Equal((5, 4, 1000, 16, 350, 3), (county.Totals.Campuses, county.Totals.Closed, county.Totals.Expected, county.Totals.AbsentWithoutLeave,
            county.Totals.BoardersExpected, county.Totals.StillMissing));
        Assert.Equal(["b", "e", "a"], county.WorstDays);
        Assert.Equal(["b", "c"], county.WorstNights);
        var csv = county.Csv().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, csv.Length);
        Assert.Equal("d,D,no" + new string(',', 13), csv[4]); // 13 empty figures
        Assert.StartsWith("total,,4/5,1000,984,", csv[6], StringComparison.Ordinal);
    }
}
