using Campus.Actors.Dorms;
using Campus.Actors.Reference;

namespace Campus.Actors.Students;

/// <summary>
/// A roll call of a dorm or a class knows the time: "missing" is for when the students are due
/// there (a dorm's night, a class's period); at any other time it says where each student is.
/// Pure decisions; the query API applies them to the read model's presence and leaves.
/// </summary>
/// <remarks>
/// Why: in the daytime every boarder is away from the dorm, in class or on campus. A roll call
/// that calls them all "missing" in red teaches the supervisor to ignore red.
/// </remarks>
public static class RollCall
{
    /// <summary>At the roll call's dorm or classroom.</summary>
    public const string In = "in";

    /// <summary>Due here now (the dorm's night, the class's period), not here and not on leave.</summary>
    public const string Missing = "missing";

    /// <summary>On approved leave now.</summary>
    public const string OnLeave = "on-leave";

    /// <summary>Not due here now: checked into a classroom (another one, for a class's roll call).</summary>
    public const string InClass = "in-class";

    /// <summary>Not due here now: in a dorm (another one, for a dorm's roll call; their dorm, for a class's).</summary>
    public const string InDorm = "in-dorm";

    /// <summary>Not due here now: on campus, neither in a dorm nor checked into a class.</summary>
    public const string OnCampus = "on-campus";

    /// <summary>Not due here now: off campus (or never seen).</summary>
    public const string OffCampus = "off-campus";

    /// <summary>
    /// True when a dorm's boarders are due in it at <paramref name="at"/>: from its curfew to its
    /// wake-up on a night with a curfew check (the night before a school day), as the curfew rule judges.
    /// </summary>
    public static bool DormDue(CampusRules rules, DormInfo dorm, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(dorm);
        return CurfewNights.NightOf(rules, dorm, at) is not null;
    }

    /// <summary>True when a class's students are due in class at <paramref name="at"/>: during a period of a school day.</summary>
    public static bool ClassDue(CampusRules rules, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var date = rules.LocalDate(at);
        if (!rules.Calendar.IsSchoolDay(date) || rules.Periods.IsDefaultOrEmpty) return false;
        return rules.Periods.Any(p => at >= rules.At(date, p.Start) && at < rules.At(date, p.End));
    }

    /// <summary>
    /// The status of one student in the roll call of <paramref name="here"/> (a location such as
    /// <c>dorm:dorm-pine</c> or <c>classroom:g7-1</c>): in; on leave; when <paramref name="due"/>
    /// missing, else where they are (in-class, in-dorm, on-campus, off-campus).
    /// </summary>
    /// <param name="location">Where the student is now (null: never seen).</param>
    public static string Status(string here, string? location, bool onLeave, bool due)
    {
        if (location == here) return In;
        if (onLeave) return OnLeave;
        if (due) return Missing;
        return location switch
        {
            null or StudentLocations.OffCampus => OffCampus,
            _ when location.StartsWith("classroom:", StringComparison.Ordinal) => InClass,
            _ when location.StartsWith("dorm:", StringComparison.Ordinal) => InDorm,
            _ => OnCampus,
        };
    }

    /// <summary>The order of a roll call: who needs a look first (missing, on leave, off campus...), then who is in.</summary>
    public static int Rank(string status) => status switch
    {
        Missing => 0,
        OnLeave => 1,
        OffCampus => 2,
        OnCampus => 3,
        InDorm => 4,
        InClass => 5,
        _ => 6,
    };
}
