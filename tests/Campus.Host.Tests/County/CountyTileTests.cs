using Campus.Host.County;
using Campus.Host.Hubs;
using Campus.TestKit;

namespace Campus.Host.Tests.County;

/// <summary>
/// The county wall's tiles and their order as pure functions (<see cref="CountyTiles"/>), and the
/// schedule that keeps live tiles to one per campus per interval (<see cref="TileSchedule"/>), on the
/// test campus (S1001, S1003 in dorm-a; S1004 in dorm-b; S1002, S1005 day students).
/// </summary>
public sealed class CountyTileTests
{
    private static readonly DateTimeOffset MondayNoon = TestCampus.Local(TestCampus.Monday, 12, 0);
    private static readonly DateTimeOffset MondayNight = TestCampus.Local(TestCampus.Monday, 22, 30);

    private static CampusTile Tile(string id, int critical = 0, int high = 0, DateTimeOffset? oldestCritical = null, int missing = 0, int offline = 0) =>
        new(id, id, "Asia/Shanghai", new AlertCounts(critical, high, 0, 0), new Headcount(0, 0), missing > 0 ? new Headcount(0, missing) : null, missing,
            offline, 10, oldestCritical is { } at ? new UnacknowledgedAlert("sos:" + id, "SOS", at) : null, MondayNoon);

    [Fact]
    public void Tiles_are_ordered_by_critical_then_high_then_the_oldest_unacknowledged_critical_then_missing_at_night_then_devices_offline()
    {
        var tiles = new[]
        {
            Tile("quiet"),
            Tile("offline", offline: 3),
            Tile("missing", missing: 2, offline: 1),
            Tile("high", high: 2),
            Tile("critical-new", critical: 1, oldestCritical: MondayNoon),
            Tile("critical-old", critical: 1, oldestCritical: MondayNoon.AddHours(-1)),
            Tile("critical-acknowledged", critical: 1),
            Tile("two-critical", critical: 2, oldestCritical: MondayNoon),
            Tile("also-quiet"),
        };

        var order = CountyTiles.Sorted(tiles).Select(t => t.CampusId);

        Assert.Equal(["two-critical", "critical-old", "critical-new", "critical-acknowledged", "high", "missing", "offline", "also-quiet", "quiet"], order);
    }

    [Fact]
    public void At_noon_everyone_not_off_campus_counts_against_the_roster_less_the_students_on_leave_and_no_dorm_is_due()
    {
        var figures = new CampusFigures();
        figures.StudentsAt["classroom:c7-1"] = 2;
        figures.StudentsAt["on-campus"] = 1;
        figures.StudentsAt["off-campus"] = 1;
        figures.OnLeave.Add("S1005");
        figures.OnLeave.Add("not-on-the-roster");
        figures.OpenAlerts["high"] = 2;
        figures.OpenAlerts["info"] = 1;
        figures.OfflineDevices.Add("cam-pond");
        figures.OfflineDevices.Add("a-device-no-longer-in-the-manifest");

        var tile = CountyTiles.Tile(TestCampus.Manifest(), figures, MondayNoon);

        Assert.Equal(new Headcount(3, 4), tile.OnCampus);
        Assert.Null(tile.InDorms);
        Assert.Equal(0, tile.MissingAtNight);
        Assert.Equal(new AlertCounts(0, 2, 0, 1), tile.Alerts);
        Assert.Equal(1, tile.DevicesOffline);
        Assert.Equal(TestCampus.Manifest().Devices.Length, tile.Devices);
        Assert.Equal(MondayNoon, tile.At);
    }

    [Fact]
    public void At_night_the_boarders_in_their_due_dorms_count_against_the_boarders_less_those_on_leave()
    {
        var figures = new CampusFigures();
        figures.StudentsAt["dorm:dorm-a"] = 1; // S1001 or S1003; dorm-b (S1004) is empty
        figures.StudentsAt["off-campus"] = 4;
        figures.OnLeave.Add("S1003");

        var tile = CountyTiles.Tile(TestCampus.Manifest(), figures, MondayNight);

        Assert.Equal(new Headcount(1, 2), tile.InDorms); // dorm-a expects S1001 (S1003 on leave), dorm-b S1004
        Assert.Equal(1, tile.MissingAtNight);
        Assert.Equal(new Headcount(1, 4), tile.OnCampus);
    }

    [Fact]
    public void A_morning_rush_of_thousands_of_changes_makes_at_most_one_tile_per_campus_per_second()
    {
        var schedule = new TileSchedule(TimeSpan.FromSeconds(1));
        var sent = new List<(string Campus, TimeSpan At)>();
        // Ten seconds of a rush: 3,000 presence changes a second on three campuses; the notifier ticks every 250 ms.
        for (var ms = 0; ms <= 10_000; ms += 10)
        {
            var now = TimeSpan.FromMilliseconds(ms);
            foreach (var campus in new[] { "c001", "c002", "c003" }) for (var i = 0; i < 10; i++) schedule.MarkDirty(campus);
            if (ms % 250 != 0) continue;
            var due = schedule.TakeDue(now);
            sent.AddRange(due.Select(c => (c, now)));
            schedule.Sent(due, now);
        }

        foreach (var campus in sent.GroupBy(s => s.Campus))
        {
            var times = campus.Select(s => s.At).ToList();
            Assert.InRange(times.Count, 10, 11);
            Assert.All(times.Zip(times.Skip(1), (before, after) => (Before: before, After: after)),
                pair => Assert.True(pair.After - pair.Before >= TimeSpan.FromSeconds(1), $"{campus.Key}: {pair.Before} then {pair.After}"));
        }
        Assert.Equal(3, sent.Select(s => s.Campus).Distinct().Count());
    }

    [Fact]
    public void A_campus_that_changes_after_a_quiet_spell_gets_its_tile_at_once_and_a_quiet_campus_none()
    {
        var schedule = new TileSchedule(TimeSpan.FromSeconds(1));
        Assert.Empty(schedule.TakeDue(TimeSpan.Zero));
        schedule.MarkDirty("c001");
        Assert.Equal(["c001"], schedule.TakeDue(TimeSpan.FromSeconds(5)));
        schedule.Sent(["c001"], TimeSpan.FromSeconds(5));
        schedule.MarkDirty("c001");
        Assert.Empty(schedule.TakeDue(TimeSpan.FromSeconds(5.5)));
        Assert.Equal(["c001"], schedule.TakeDue(TimeSpan.FromSeconds(6)));
        Assert.Empty(schedule.TakeDue(TimeSpan.FromSeconds(60)));
    }
}
