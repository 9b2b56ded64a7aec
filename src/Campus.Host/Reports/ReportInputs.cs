using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;

namespace Campus.Host.Reports;

/// <summary>
/// What the read model gives the report of one day (<see cref="ReportInputsReader"/> reads it;
/// tests build it by hand). Everything is as the read model holds it when read; the report takes
/// into account only what happened up to <paramref name="AsOf"/>.
/// </summary>
/// <param name="AsOf">The instant the report describes: the close time, or now for a preview.</param>
/// <param name="Presence">Every student's moves from the day's start to the end of its night (<see cref="ReportWindow.Start"/> to <see cref="ReportWindow.NightEnd"/>).</param>
/// <param name="StartLocations">Where each student was when the day began (their last move before it, looking back <see cref="ReportWindow.LookBack"/>); a student not in it was off campus.</param>
/// <param name="Leaves">Approved leaves that overlap the day or its night.</param>
/// <param name="Alerts">The current view of every alert raised during the day (its history tells how it stood at <paramref name="AsOf"/>).</param>
/// <param name="DeviceHealth">Devices' health changes during the day.</param>
/// <param name="DeviceOnlineAtStart">Each device's health when the day began (its last change before it); a device not in it counts as online.</param>
/// <param name="Visits">The visits expected during the day (and any visitor on campus when read).</param>
/// <param name="Vehicles">The vehicle log of the day.</param>
public sealed record ReportInputs(
    DateTimeOffset AsOf,
    IReadOnlyList<PresenceChanged> Presence,
    IReadOnlyDictionary<string, string> StartLocations,
    IReadOnlyList<LeaveApproval> Leaves,
    IReadOnlyList<AlertChanged> Alerts,
    IReadOnlyList<DeviceHealthChanged> DeviceHealth,
    IReadOnlyDictionary<string, bool> DeviceOnlineAtStart,
    IReadOnlyList<VisitChanged> Visits,
    IReadOnlyList<VehiclePassed> Vehicles)
{
    /// <summary>No events at all (a quiet campus), as of <paramref name="asOf"/>.</summary>
    public static ReportInputs Empty(DateTimeOffset asOf) => new(asOf, [], new Dictionary<string, string>(), [], [], [], new Dictionary<string, bool>(), [], []);
}

/// <summary>
/// The instants of a report day in the campus's time zone. The day is local 00:00 to 24:00 of the
/// date (attendance, alerts, devices, visitors, vehicles); its night is the curfew-to-wake-up window
/// named by the date (<c>CurfewNights</c>: curfew on the date's evening,
/// wake-up the next morning). The report closes at the configured local time of the next day, or at
/// the last dorm's wake-up when that is later: a night is over before its report closes.
/// </summary>
public sealed record ReportWindow(DateOnly Date, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset NightEnd, DateTimeOffset CloseAt)
{
    /// <summary>How far before the day's start a student's last move is looked for (older ones: off campus).</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(31);

    /// <summary>The window of <paramref name="date"/> on <paramref name="campus"/>, closing at <paramref name="closeAt"/> (local time) the next day at the earliest.</summary>
    public static ReportWindow Of(CampusManifest campus, DateOnly date, TimeOnly closeAt)
    {
        ArgumentNullException.ThrowIfNull(campus);
        var rules = campus.Rules;
        var start = rules.At(date, TimeOnly.MinValue);
        var end = rules.At(date.AddDays(1), TimeOnly.MinValue);
        var nightEnd = end;
        foreach (var dorm in campus.Dorms)
        {
            var (_, wakeUp) = Night(rules, dorm, date);
            if (wakeUp > nightEnd) nightEnd = wakeUp;
        }
        var close = rules.At(date.AddDays(1), closeAt);
        return new ReportWindow(date, start, end, nightEnd, close > nightEnd ? close : nightEnd);
    }

    /// <summary>
    /// The curfew and wake-up instants of the night named <paramref name="night"/> in a dorm: curfew on
    /// that evening and wake-up the next morning (a curfew after midnight, earlier than wake-up, is on
    /// the named date itself, as <see cref="CampusTime.NightOf"/> reads it).
    /// </summary>
    public static (DateTimeOffset Curfew, DateTimeOffset WakeUp) Night(CampusRules rules, DormInfo dorm, DateOnly night)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(dorm);
        var curfew = rules.At(night, dorm.Curfew);
        var wakeUp = rules.At(dorm.Curfew > dorm.WakeUp ? night.AddDays(1) : night, dorm.WakeUp);
        return (curfew, wakeUp);
    }
}
