using System.Globalization;
using Campus.Actors.Notices;
using Campus.Actors.Reference;

namespace Campus.Host.Notifications;

/// <summary>The messages guardians read, in zh-CN and en, with times in the campus's time zone.</summary>
public static class NoticeTemplates
{
    /// <summary>
    /// Safety notices reach a guardian at once, even in quiet hours. None of today's kinds
    /// (arrival, departure, dorm check-in) is one; a later safety kind is added here.
    /// </summary>
    public static bool IsSafety(NoticeKind kind) => kind switch
    {
        NoticeKind.Arrival or NoticeKind.Departure or NoticeKind.DormCheckIn => false,
        _ => true,
    };

    /// <summary>The message of a notice in <paramref name="language"/> (zh-CN unless "en").</summary>
    public static string Render(GuardianNotice notice, CampusManifest? campus, string language)
    {
        var location = LocationName(campus, notice.LocationId);
        var time = campus is null ? notice.At : campus.Rules.ToLocal(notice.At);
        var clock = time.ToString("HH:mm", CultureInfo.InvariantCulture);
        var name = notice.StudentName;
        if (string.Equals(language, "en", StringComparison.OrdinalIgnoreCase))
        {
            return notice.Kind switch
            {
                NoticeKind.Arrival => $"{name} arrived at {location} at {clock}.",
                NoticeKind.Departure => $"{name} left through {location} at {clock}.",
                _ => $"{name} checked in at {location} at {clock}.",
            };
        }
        return notice.Kind switch
        {
            NoticeKind.Arrival => $"{name}于{clock}到达{location}。",
            NoticeKind.Departure => $"{name}于{clock}离开{location}。",
            _ => $"{name}于{clock}在{location}签到。",
        };
    }

    /// <summary>The name of a gate, dorm, classroom or zone of the campus (the id when unknown).</summary>
    public static string LocationName(CampusManifest? campus, string locationId)
    {
        if (campus is null) return locationId;
        var id = locationId.Contains(':', StringComparison.Ordinal) ? locationId[(locationId.IndexOf(':', StringComparison.Ordinal) + 1)..] : locationId;
        return campus.PlaceName(id) ?? locationId;
    }

    /// <summary>
    /// When a notice may reach a guardian: at once, or at the end of their quiet hours when the
    /// notice falls inside them (local campus time; an overnight window such as 22:00-07:00
    /// ends the next morning). Safety notices are never held.
    /// </summary>
    public static DateTimeOffset DeliverAfter(GuardianNotice notice, GuardianInfo? guardian, CampusManifest? campus)
    {
        if (IsSafety(notice.Kind) || campus is null || guardian?.QuietFrom is not { } from || guardian.QuietTo is not { } to || from == to)
            return notice.At;
        var rules = campus.Rules;
        var date = rules.LocalDate(notice.At);
        var time = rules.LocalTime(notice.At);
        if (from < to)
            return time >= from && time < to ? rules.At(date, to) : notice.At;
        if (time >= from) return rules.At(date.AddDays(1), to);
        return time < to ? rules.At(date, to) : notice.At;
    }
}
