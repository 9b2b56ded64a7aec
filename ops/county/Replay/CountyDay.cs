using Campus.Actors.Devices;
using Campus.Actors.Reference;
using Campus.Host.Demo;

namespace Campus.County.Replay;

/// <summary>One campus's share of the replay: its manifest, its events in time order and the alerts they must raise.</summary>
public sealed record CampusDay(CampusManifest Campus, IReadOnlyList<DeviceReported> Events, ExpectedAlerts Expected);

/// <summary>
/// The day to replay: every campus's events from <see cref="Start"/> to <see cref="End"/> as the demo's
/// traffic model makes them (<see cref="SchoolDayTraffic"/>), and what they must raise.
/// </summary>
public sealed class CountyDay
{
    private CountyDay(IReadOnlyList<CampusDay> campuses, DateTimeOffset start, DateTimeOffset end)
    {
        Campuses = campuses;
        Start = start;
        End = end;
    }

    public IReadOnlyList<CampusDay> Campuses { get; }

    /// <summary>The hosts' simulated start: <c>--from</c> on <c>--day</c>, in the first campus's time zone.</summary>
    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public int Students => Campuses.Sum(c => c.Campus.Students.Length);

    public int Events => Campuses.Sum(c => c.Events.Count);

    /// <summary>
    /// Loads every <c>campus.json</c> under <paramref name="folder"/> (in path order, the first
    /// <paramref name="limit"/> when given) and builds their day. Throws naming the manifest when one is invalid.
    /// </summary>
    public static CountyDay Load(string folder, int? limit, DateOnly day, TimeOnly from, TimeSpan length)
    {
        var paths = Directory.EnumerateFiles(folder, "campus.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (limit is { } n) paths = [.. paths.Take(n)];
        if (paths.Count == 0) throw new ReplayFailure($"no campus.json under {folder}");
        var manifests = new List<CampusManifest>();
        foreach (var path in paths)
        {
            var result = ManifestLoader.LoadFiles(path);
            if (!result.IsValid) throw new ReplayFailure($"{path} does not load: {string.Join("; ", result.Errors)}");
            manifests.Add(result.Manifest);
        }

        var start = manifests[0].Rules.At(day, from);
        var end = start + length;
        var campuses = new CampusDay[manifests.Count];
        Parallel.For(0, manifests.Count, i =>
        {
            var events = Traffic(manifests[i], day, start, end);
            campuses[i] = new CampusDay(manifests[i], events, ExpectedAlerts.Derive(manifests[i], events, start, end));
        });
        return new CountyDay(campuses, start, end);
    }

    /// <summary>
    /// The model's events of the day before, the day and the day after (a night runs past midnight,
    /// and the next day's early heartbeats fall in the window), kept within [start, end) and once per id.
    /// </summary>
    private static List<DeviceReported> Traffic(CampusManifest campus, DateOnly day, DateTimeOffset start, DateTimeOffset end)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        return
        [
            .. new[] { day.AddDays(-1), day, day.AddDays(1) }
                .SelectMany(d => SchoolDayTraffic.For(campus, d))
                .Where(e => e.OccurredAt >= start && e.OccurredAt < end && ids.Add(e.EventId))
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// The slices the replay sends and then moves every clock to the end of: at most
    /// <paramref name="longest"/> long, and cut at every timer instant an expected alert depends on.
    /// </summary>
    public List<(DateTimeOffset From, DateTimeOffset To)> Slices(TimeSpan longest)
    {
        var cuts = new SortedSet<DateTimeOffset>(Campuses.SelectMany(c => c.Expected.TimerInstants).Where(t => t > Start && t < End)) { End };
        var slices = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var from = Start; from < End;)
        {
            var to = from + longest;
            var cut = cuts.GetViewBetween(from.AddTicks(1), to).Min;
            if (cut != default) to = cut;
            slices.Add((from, to));
            from = to;
        }
        return slices;
    }
}

/// <summary>The replay cannot go on: the message says why, for the operator.</summary>
public sealed class ReplayFailure(string message) : Exception(message);
