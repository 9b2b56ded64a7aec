using System.Collections.Immutable;
using Campus.Actors.Alerts;
using Campus.Actors.Reference;

namespace Campus.Actors.Tests.Reference;

public sealed class CampusTimeTests
{
    private static CampusRules Rules(string zone = "Asia/Shanghai") => new()
    {
        CampusId = "hj",
        TimeZone = zone,
        Calendar = new SchoolCalendar
        {
            TermStart = new DateOnly(2026, 9, 1),
            TermEnd = new DateOnly(2027, 1, 20),
            Holidays = [new DateOnly(2026, 10, 1)],
            MakeUpDays = [new DateOnly(2026, 9, 27)],
        },
    };

    [Fact]
    public void A_local_time_in_shanghai_is_eight_hours_ahead_of_utc()
    {
        var at = Rules().At(new DateOnly(2026, 11, 23), new TimeOnly(21, 30));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 13, 30, 0, TimeSpan.Zero), at.ToUniversalTime());
    }

    [Fact]
    public void After_midnight_belongs_to_the_night_that_began_the_evening_before()
    {
        var rules = Rules();
        var curfew = new TimeOnly(21, 30);
        var wake = new TimeOnly(6, 0);
        Assert.Equal(new DateOnly(2026, 11, 23), rules.NightOf(rules.At(new DateOnly(2026, 11, 24), new TimeOnly(2, 0)), curfew, wake));
        Assert.Equal(new DateOnly(2026, 11, 23), rules.NightOf(rules.At(new DateOnly(2026, 11, 23), new TimeOnly(22, 0)), curfew, wake));
        Assert.Null(rules.NightOf(rules.At(new DateOnly(2026, 11, 23), new TimeOnly(12, 0)), curfew, wake));
    }

    [Fact]
    public void A_holiday_is_no_school_day_and_a_make_up_weekend_day_is()
    {
        var calendar = Rules().Calendar;
        Assert.False(calendar.IsSchoolDay(new DateOnly(2026, 10, 1))); // Thursday, national day
        Assert.True(calendar.IsSchoolDay(new DateOnly(2026, 9, 27))); // Sunday, make-up day
        Assert.False(calendar.IsSchoolDay(new DateOnly(2026, 11, 22))); // Sunday
        Assert.True(calendar.IsSchoolDay(new DateOnly(2026, 11, 23))); // Monday
        Assert.False(calendar.IsSchoolDay(new DateOnly(2027, 2, 1))); // after term
    }

    [Fact]
    public void Local_times_stay_local_across_a_daylight_saving_change()
    {
        var rules = Rules("America/New_York");
        // DST ends 2026-11-01: 21:30 is UTC-4 the evening before, UTC-5 after.
        Assert.Equal(TimeSpan.FromHours(-4), rules.At(new DateOnly(2026, 10, 31), new TimeOnly(21, 30)).Offset);
        Assert.Equal(TimeSpan.FromHours(-5), rules.At(new DateOnly(2026, 11, 1), new TimeOnly(21, 30)).Offset);
        // 2027-03-14 02:30 does not exist; it is moved forward past the gap.
        var skipped = rules.At(new DateOnly(2027, 3, 14), new TimeOnly(2, 30));
        Assert.Equal(new TimeOnly(3, 30), rules.LocalTime(skipped));
    }

    [Fact]
    public void Campus_rules_survive_a_json_round_trip()
    {
        var codec = CampusCodec.Create();
        var rules = Rules() with
        {
            Escalation = ImmutableDictionary<AlertKind, ImmutableArray<EscalationStep>>.Empty
                .Add(AlertKind.Sos, [new EscalationStep("security", TimeSpan.Zero)]),
            Periods = [new Period(1, new TimeOnly(8, 0), new TimeOnly(8, 45))],
        };

        var bytes = codec.EncodeState(rules, typeof(CampusRules));
        var back = (CampusRules)codec.DecodeState(bytes, typeof(CampusRules));

        Assert.Equal(rules.Calendar.Holidays.ToArray(), back.Calendar.Holidays.ToArray());
        Assert.Equal(rules.Periods.ToArray(), back.Periods.ToArray());
        Assert.Equal("security", back.EscalationFor(AlertKind.Sos).Single().Role);
        Assert.Equal(3, back.EscalationFor(AlertKind.CurfewMissing).Length);
    }
}
