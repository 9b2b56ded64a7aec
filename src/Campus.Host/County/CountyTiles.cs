using Campus.Actors.Reference;
using Campus.Actors.Students;

namespace Campus.Host.County;

/// <summary>Open alerts of a campus (not resolved) by severity.</summary>
public sealed record AlertCounts(int Critical, int High, int Warning, int Info);

/// <summary>How many are where they should be, of how many are expected there.</summary>
public sealed record Headcount(int Count, int Expected);

/// <summary>The oldest critical alert of a campus that nobody has acknowledged (open or escalated).</summary>
public sealed record UnacknowledgedAlert(string AlertId, string Message, DateTimeOffset RaisedAt);

/// <summary>
/// One campus on the county wall. <see cref="OnCampus"/>: students whose presence is anything but
/// off campus, of the roster less the students on leave now. <see cref="InDorms"/>: while some dorm's
/// boarders are due in it (its curfew to its wake-up on a night before a school day), the students
/// in those dorms, of their boarders less those on leave; null at other times and on campuses
/// without boarders. <see cref="MissingAtNight"/> is the difference (never below 0).
/// </summary>
public sealed record CampusTile(
    string CampusId,
    string Name,
    string TimeZone,
    AlertCounts Alerts,
    Headcount OnCampus,
    Headcount? InDorms,
    int MissingAtNight,
    int DevicesOffline,
    int Devices,
    UnacknowledgedAlert? OldestUnacknowledgedCritical,
    DateTimeOffset At);

/// <summary>
/// What the read model holds about one campus, as the county overview's grouped queries return it:
/// open alerts by severity (wire names), the oldest unacknowledged critical alert, students per
/// location, the devices whose last report was offline, the students on leave now.
/// </summary>
public sealed class CampusFigures
{
    public Dictionary<string, int> OpenAlerts { get; } = new(StringComparer.Ordinal);

    public UnacknowledgedAlert? OldestUnacknowledgedCritical { get; set; }

    public Dictionary<string, int> StudentsAt { get; } = new(StringComparer.Ordinal);

    public HashSet<string> OfflineDevices { get; } = new(StringComparer.Ordinal);

    public HashSet<string> OnLeave { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The county wall's tiles as pure functions of a campus's manifest, its figures and the time: the
/// tile, and the order of attention (what needs a look first comes first).
/// </summary>
public static class CountyTiles
{
    /// <summary>The tile of <paramref name="campus"/> at <paramref name="now"/>.</summary>
    public static CampusTile Tile(CampusManifest campus, CampusFigures figures, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(campus);
        ArgumentNullException.ThrowIfNull(figures);
        int Open(string severity) => figures.OpenAlerts.GetValueOrDefault(severity);
        var alerts = new AlertCounts(Open("critical"), Open("high"), Open("warning"), Open("info"));

        var onLeave = 0;
        var boardersOnLeave = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var student in figures.OnLeave)
        {
            if (FindStudent(campus, student) is not { } info) continue;
            onLeave++;
            if (info.Boarding && info.DormId is { } dorm) boardersOnLeave[dorm] = boardersOnLeave.GetValueOrDefault(dorm) + 1;
        }
        var onCampus = 0;
        foreach (var (location, count) in figures.StudentsAt)
        {
            if (location != StudentLocations.OffCampus) onCampus += count;
        }

        Headcount? inDorms = null;
        foreach (var dorm in campus.Dorms)
        {
            if (!RollCall.DormDue(campus.Rules, dorm, now)) continue;
            var boarders = Boarders(campus).GetValueOrDefault(dorm.Id);
            if (boarders == 0) continue;
            var here = figures.StudentsAt.GetValueOrDefault(StudentLocations.InDorm(dorm.Id));
            var expected = Math.Max(0, boarders - boardersOnLeave.GetValueOrDefault(dorm.Id));
            inDorms = new Headcount((inDorms?.Count ?? 0) + here, (inDorms?.Expected ?? 0) + expected);
        }
        var devices = campus.Devices.Length;
        var offline = campus.Devices.Count(d => figures.OfflineDevices.Contains(d.Id));
        return new CampusTile(campus.CampusId, campus.Name, campus.TimeZone, alerts,
            new Headcount(onCampus, Math.Max(0, campus.Students.Length - onLeave)),
            inDorms, inDorms is { } night ? Math.Max(0, night.Expected - night.Count) : 0,
            offline, devices, figures.OldestUnacknowledgedCritical, now);
    }

    /// <summary>
    /// The order of attention: more open critical alerts first, then more high ones, then the oldest
    /// unacknowledged critical alert (older first; none last), then more boarders missing at night,
    /// then more devices offline; ties by campus id.
    /// </summary>
    public static int ByAttention(CampusTile a, CampusTile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var order = b.Alerts.Critical.CompareTo(a.Alerts.Critical);
        if (order == 0) order = b.Alerts.High.CompareTo(a.Alerts.High);
        if (order == 0)
        {
            order = (a.OldestUnacknowledgedCritical, b.OldestUnacknowledgedCritical) switch
            {
                ({ } x, { } y) => x.RaisedAt.CompareTo(y.RaisedAt),
                ({ }, null) => -1,
                (null, { }) => 1,
                _ => 0,
            };
        }
        if (order == 0) order = b.MissingAtNight.CompareTo(a.MissingAtNight);
        if (order == 0) order = b.DevicesOffline.CompareTo(a.DevicesOffline);
        return order != 0 ? order : string.CompareOrdinal(a.CampusId, b.CampusId);
    }

    /// <summary>The tiles in the order of attention.</summary>
    public static List<CampusTile> Sorted(IEnumerable<CampusTile> tiles)
    {
        var list = tiles.ToList();
        list.Sort(ByAttention);
        return list;
    }

    /// <summary>Boarders per dorm (computed once per manifest).</summary>
    private static IReadOnlyDictionary<string, int> Boarders(CampusManifest campus) =>
        BoardersByManifest.GetValue(campus, c => c.Students.Where(s => s.Boarding && s.DormId is not null)
            .GroupBy(s => s.DormId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));

    private static StudentInfo? FindStudent(CampusManifest campus, string studentId) =>
        StudentsByManifest.GetValue(campus, c => c.Students.ToDictionary(s => s.Id, StringComparer.Ordinal)).GetValueOrDefault(studentId);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CampusManifest, IReadOnlyDictionary<string, int>> BoardersByManifest = new();

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CampusManifest, Dictionary<string, StudentInfo>> StudentsByManifest = new();
}
