using System.Text.Json;
using Xunit.Abstractions;

namespace Campus.Host.Tests.Hub;

/// <summary>
/// The county wall's hub feed with the real <c>@microsoft/signalr</c> client
/// (<c>hub-client/county-hub.mjs</c>): a county connection gets its campus's tiles, at most one a
/// second however many presence changes a morning rush makes, and its critical and high alerts,
/// never a presence batch or a campus alert; following the campus's wall (<c>Watch</c>) adds that
/// campus's live alerts and presence, and a campus outside the account's list cannot be followed.
/// </summary>
public sealed class HubCountyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_county_connection_gets_at_most_one_tile_per_campus_a_second_through_a_morning_rush_and_no_presence()
    {
        await using var host = KestrelCampusHost.Start("2026-11-25T07:00:00+08:00"); // a school morning, before the bell
        var admin = host.Account("admin");
        var gate = host.Device("gate-north-reader");
        var panic = host.Device("panic-gate-north");
        var roster = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "demo", "roster.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();

        var result = await HubClientScript.RunAsync("county-hub.mjs",
            [host.BaseAddress.ToString().TrimEnd('/'), host.Demo.CampusId, admin.UserName, admin.Password!, gate.Id, gate.Key, panic.Id, panic.Key, string.Join(',', roster)],
            TimeSpan.FromSeconds(120));
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        var report = JsonSerializer.Deserialize<Report>(line, JsonSerializerOptions.Web)!;

        Assert.Equal("refused", report.WatchElsewhere);
        Assert.Equal(roster.Count * 3, report.PresenceChanges);
        Assert.Equal([host.Demo.CampusId], report.TileCampuses);
        Assert.True(report.Tiles >= 2, $"{report.Tiles} tiles");
        // One tile a second at most (the server spaces them by at least 1 s; a little jitter on the way).
        Assert.True(report.MinGapMs is null or >= 900, $"tiles {report.MinGapMs} ms apart: {string.Join(", ", report.Gaps)}");
        Assert.True(report.Tiles <= report.PresenceChanges / 100, $"{report.Tiles} tiles for {report.PresenceChanges} presence changes");
        Assert.Equal(0, report.CountyPresence);
        Assert.Equal(0, report.CountyAlerts);
        Assert.Contains("sos", report.CountyAlertKinds);
        Assert.All(report.CountyAlertSeverities, s => Assert.Contains(s, new[] { "critical", "high" }));
        Assert.True(report.FollowerPresence > 0, "the followed wall gets the campus's presence");
        Assert.Contains("sos", report.FollowerAlertKinds);
    }

    private sealed record Report(string WatchElsewhere, int RushMs, int PresenceChanges, int Tiles, IReadOnlyList<string> TileCampuses, int? MinGapMs, IReadOnlyList<int> Gaps,
        int CountyPresence, int CountyAlerts, IReadOnlyList<string> CountyAlertKinds, IReadOnlyList<string> CountyAlertSeverities, int FollowerPresence,
        IReadOnlyList<string> FollowerAlertKinds, int FollowerTiles);
}
