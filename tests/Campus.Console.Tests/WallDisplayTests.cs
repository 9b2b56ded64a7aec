using System.Diagnostics;
using Campus.Host.Tests.Hub;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Campus.Console.Tests;

/// <summary>The wall display in a real browser against the real host (demo campus, simulated clock).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class WallDisplayTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_new_alert_appears_on_the_wall_display_within_two_seconds_of_the_scan_that_caused_it()
    {
        await using var host = KestrelCampusHost.Start(); // 02:00: an unknown face at a gate is an intruder
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(page, api, $"wall?campus={api.CampusId}&lang=en");
        await page.Locator("[data-testid=campus-map] [data-location-id=gate-north]").WaitForAsync(new() { Timeout = 10_000 });
        var now = await api.NowAsync();

        var stopwatch = Stopwatch.StartNew();
        await api.ScanAsync("gate-north-reader", personId: null, at: now);
        var alert = page.Locator("[data-testid=alert-list] [data-alert-id^=\"intruder:gate-north:\"]");
        await alert.First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        var elapsed = stopwatch.Elapsed;

        output.WriteLine($"scan to visible alert: {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed <= Deadline, $"the alert took {elapsed.TotalMilliseconds:F0} ms to appear (at most {Deadline.TotalMilliseconds:F0} ms)");
        Assert.Equal("open", await alert.First.GetAttributeAsync("data-status"));
        Assert.Equal("high", await alert.First.GetAttributeAsync("data-severity"));
    }

    [Fact]
    public async Task A_camera_zone_shows_how_many_people_it_sees_and_follows_the_count_live()
    {
        await using var host = KestrelCampusHost.Start();
        using var api = new CampusApi(host);
        await api.ZoneCountAsync("cam-pond", "pond", 2);
        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: the count is applied before the wall opens
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(page, api, $"wall?campus={api.CampusId}&lang=en");
        var pond = page.Locator("[data-testid=campus-map] [data-location-id=pond]");

        // The count fetched when the wall opened, then a change pushed over the hub.
        await Assertions.Expect(pond).ToHaveAttributeAsync("data-occupancy", "2", new() { Timeout = 10_000 });
        await Assertions.Expect(pond.Locator(".map-detail")).ToHaveTextAsync("2 seen");
        await api.ZoneCountAsync("cam-pond", "pond", 0);
        await Assertions.Expect(pond).ToHaveAttributeAsync("data-occupancy", "0", new() { Timeout = 10_000 });
        await Assertions.Expect(pond.Locator(".map-detail")).ToHaveTextAsync("");
    }
}
