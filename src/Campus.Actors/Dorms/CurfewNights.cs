using Campus.Actors.Reference;

namespace Campus.Actors.Dorms;

/// <summary>
/// Which nights have a curfew check, and which night an instant belongs to. A night is named by
/// the local date of its evening; it has a curfew check when the NEXT day is a school day
/// (<c>calendar.IsSchoolDay(night + 1)</c>): Sunday night before a Monday yes, Friday night
/// before a Saturday off no, Friday night before a make-up Saturday yes, the night before a
/// holiday no. Shared by the dorm (which night a door scan belongs to, when curfew is due) and
/// any rule that must agree with it.
/// </summary>
/// <remarks>
/// The window of a night runs from the dorm's curfew to its wake-up time the next morning, as
/// <see cref="CampusTime.NightOf"/> reads it. A curfew set after midnight (start before wake-up
/// on the same date) names the night by that date, as <see cref="CampusTime.NightOf"/> does.
/// </remarks>
public static class CurfewNights
{
    /// <summary>True when the night that begins on the evening of <paramref name="night"/> has a curfew check.</summary>
    public static bool HasCurfewCheck(CampusRules rules, DateOnly night) =>
        rules.Calendar.IsSchoolDay(night.AddDays(1));

    /// <summary>
    /// The night <paramref name="at"/> belongs to: set when it lies between the dorm's curfew and
    /// its wake-up time on a night that has a curfew check, else null.
    /// </summary>
    public static DateOnly? NightOf(CampusRules rules, DormInfo dorm, DateTimeOffset at) =>
        rules.NightOf(at, dorm.Curfew, dorm.WakeUp) is { } night && HasCurfewCheck(rules, night) ? night : null;

    /// <summary>The next curfew strictly after <paramref name="after"/>: its night and its instant (null when none within a year).</summary>
    public static (DateOnly Night, DateTimeOffset At)? NextCurfew(CampusRules rules, DormInfo dorm, DateTimeOffset after)
    {
        var at = rules.Next(after, dorm.Curfew, night => HasCurfewCheck(rules, night));
        return at is { } due ? (rules.LocalDate(due), due) : null;
    }
}
