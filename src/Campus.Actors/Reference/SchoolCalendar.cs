using System.Collections.Immutable;

namespace Campus.Actors.Reference;

/// <summary>
/// Which days are school days: term dates, school weekdays, holidays (no school on a weekday) and
/// make-up days (school on a weekend).
/// </summary>
public sealed record SchoolCalendar
{
    public required DateOnly TermStart { get; init; }

    public required DateOnly TermEnd { get; init; }

    public ImmutableArray<DayOfWeek> SchoolWeekdays { get; init; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public ImmutableArray<DateOnly> Holidays { get; init; } = [];

    public ImmutableArray<DateOnly> MakeUpDays { get; init; } = [];

    /// <summary>True when <paramref name="date"/> lies within the term.</summary>
    public bool InTerm(DateOnly date) => date >= TermStart && date <= TermEnd;

    /// <summary>True when school is held on <paramref name="date"/>.</summary>
    public bool IsSchoolDay(DateOnly date)
    {
        if (!InTerm(date)) return false;
        if (MakeUpDays.Contains(date)) return true;
        if (Holidays.Contains(date)) return false;
        return SchoolWeekdays.Contains(date.DayOfWeek);
    }
}

/// <summary>Local dates and times of a campus, in its IANA time zone, safe across daylight saving changes.</summary>
public static class CampusTime
{
    /// <summary>The campus-local date of an instant.</summary>
    public static DateOnly LocalDate(this CampusRules rules, DateTimeOffset at) => DateOnly.FromDateTime(rules.ToLocal(at).DateTime);

    /// <summary>The campus-local time of day of an instant.</summary>
    public static TimeOnly LocalTime(this CampusRules rules, DateTimeOffset at) => TimeOnly.FromDateTime(rules.ToLocal(at).DateTime);

    /// <summary>An instant in the campus's local time.</summary>
    public static DateTimeOffset ToLocal(this CampusRules rules, DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone(rules.TimeZone));

    /// <summary>
    /// The instant of a local date and time. A local time skipped by a daylight saving change
    /// is moved forward by the gap; a repeated one takes its first occurrence.
    /// </summary>
    public static DateTimeOffset At(this CampusRules rules, DateOnly date, TimeOnly time)
    {
        var zone = Zone(rules.TimeZone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>
    /// The night an instant belongs to for an overnight window that starts at <paramref name="start"/>
    /// (e.g. curfew 21:30) and ends at <paramref name="end"/> the next morning (e.g. wake-up 06:00):
    /// the local date of the evening. Null when the instant is outside the window.
    /// </summary>
    public static DateOnly? NightOf(this CampusRules rules, DateTimeOffset at, TimeOnly start, TimeOnly end)
    {
        var date = rules.LocalDate(at);
        var time = rules.LocalTime(at);
        if (start > end)
        {
            if (time >= start) return date;
            if (time < end) return date.AddDays(-1);
            return null;
        }
        return time >= start && time < end ? date : null;
    }

    /// <summary>The first instant after <paramref name="after"/> at local time <paramref name="time"/> on a day that satisfies <paramref name="accept"/> (searching a year ahead).</summary>
    public static DateTimeOffset? Next(this CampusRules rules, DateTimeOffset after, TimeOnly time, Func<DateOnly, bool> accept)
    {
        var date = rules.LocalDate(after);
        for (var i = 0; i < 366; i++, date = date.AddDays(1))
        {
            if (!accept(date)) continue;
            var at = rules.At(date, time);
            if (at > after) return at;
        }
        return null;
    }

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
