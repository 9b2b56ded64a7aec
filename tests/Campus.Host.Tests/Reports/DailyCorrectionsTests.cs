using Campus.Host.Reports;
using static Campus.Host.Tests.Reports.ScriptedDay;

namespace Campus.Host.Tests.Reports;

/// <summary>A late event of a closed day becomes a correction: the day computed again, compared figure by figure.</summary>
public sealed class DailyCorrectionsTests
{
    [Fact]
    public void The_same_day_computed_again_from_the_same_inputs_has_no_correction()
    {
        Assert.Empty(DailyCorrections.Between(Report() with { Closed = true, ClosedAt = CloseAt }, Report()));
    }

    [Fact]
    public void A_late_arrival_of_an_absent_student_corrects_the_class_the_grade_the_headline_and_the_gates()
    {
        var closed = Report() with { Closed = true, ClosedAt = CloseAt };

        // S1005's gate entry at 09:00 reached the read model after Monday closed.
        var again = Report(Move("S1005", "off-campus", "on-campus", At(9, 0)));

        var corrections = DailyCorrections.Between(closed, again);
        Assert.Equal(
        [
            ("headline", "campus", "arrived", "5", "6"),
            ("headline", "campus", "late", "1", "2"),
            ("headline", "campus", "absent", "2", "1"),
            ("headline", "campus", "absentWithoutLeave", "1", "0"),
            ("attendance", "c7-2", "arrived", "2", "3"),
            ("attendance", "c7-2", "late", "1", "2"),
            ("attendance", "c7-2", "absentWithoutLeave", "1", "0"),
            ("attendance", "grade:7", "arrived", "5", "6"),
            ("attendance", "grade:7", "late", "1", "2"),
            ("attendance", "grade:7", "absentWithoutLeave", "1", "0"),
            ("devices", "gates", "passagesIn", "2", "3"),
        ], corrections.Select(c => (c.Section, c.Key, c.Figure, c.Was!, c.Now!)));
        Assert.All(corrections, c => Assert.Equal(Day, c.Date));
    }

    [Fact]
    public void A_row_that_appears_late_is_listed_with_no_previous_value()
    {
        var closed = Report() with { Closed = true, ClosedAt = CloseAt, Vehicles = new VehiclesSection([], 0, 0) };

        var corrections = DailyCorrections.Between(closed, Report());

        Assert.Contains(corrections, c => c is { Section: "vehicles", Key: "staff", Figure: "in", Was: null, Now: "1" });
        Assert.Contains(corrections, c => c is { Section: "vehicles", Key: "log", Figure: "unknownIn", Was: "0", Now: "1" });
    }
}
