using System.Diagnostics;
using System.Text.RegularExpressions;
using Campus.Host.Tests.Hub;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

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

    [Fact]
    public async Task Issue12_a_silent_device_on_the_wall_is_named_by_its_place_not_its_id()
    {
        await using var host = KestrelCampusHost.Start(Scenes.SchoolNight);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(page, api, $"wall?campus={api.CampusId}&lang=en");

        await api.AdvanceWithHeartbeatsAsync("2026-11-23T21:05:00+08:00", "cam-rooftop");

        var alert = page.Locator("[data-testid=alert-list] [data-alert-id^=\"device-offline:cam-rooftop:\"]");
        await Expect(alert.Locator(".alert-subject")).ToHaveTextAsync("Science Block Rooftop camera", new() { Timeout = 10_000 });
        await Expect(alert).Not.ToContainTextAsync("cam-rooftop");
        await Expect(page.Locator("[data-testid=ticker]")).ToContainTextAsync("Science Block Rooftop camera offline");
        await page.Locator("[data-testid=lang-toggle]").ClickAsync();
        await Expect(alert.Locator(".alert-subject")).ToHaveTextAsync("Science Block Rooftop 摄像头");
    }

    [Fact]
    public async Task Issue12_when_more_alerts_are_open_than_fit_the_wall_says_how_many_are_hidden_and_the_most_severe_are_shown()
    {
        await using var host = KestrelCampusHost.Start(Scenes.SchoolNight);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        await Scenes.BoardersCheckInExceptAsync(api, missingPerDorm: 6);
        await api.AdvanceToAsync("2026-11-23T22:01:00+08:00"); // past every curfew: 24 curfew alerts, and silent devices
        await api.AlarmAsync("panic-gate-north", "sos"); // the most severe, raised last
        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: the alert is raised and in the read model
        var open = (await api.AlertsAsync()).Count;

        var page = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(page, api, $"wall?campus={api.CampusId}&lang=en");
        await Expect(page.Locator("[data-testid=tile-open-alerts] .tile-value")).ToHaveTextAsync(open.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 10_000 });

        var list = page.Locator("[data-testid=alert-list]");
        var hidden = list.Locator("[data-testid=alerts-hidden]");
        await Expect(hidden).ToBeVisibleAsync();
        // The wall fits its alerts again within a second of anything growing (a late update, a font).
        // So the list is read in one go, in a frame where the count sits inside the list: what is
        // shown, and what the count says.
        var frame = await page.WaitForFunctionAsync("""
            () => {
              const list = document.querySelector('[data-testid=alert-list]'), more = list?.querySelector('[data-testid=alerts-hidden]');
              if (!more || !more.checkVisibility()) return null;
              if (more.getBoundingClientRect().bottom > list.getBoundingClientRect().bottom + 1) return null;
              const items = [...list.querySelectorAll('li.alert')];
              const shown = items.filter(i => !i.hidden && i.checkVisibility());
              return {
                Shown: shown.length, Count: more.dataset.count, Text: more.textContent,
                FirstId: items[0]?.dataset.alertId ?? '', FirstShown: shown[0] === items[0],
                Severities: items.map(i => (shown.includes(i) ? 'shown ' : 'hidden ') + i.dataset.severity),
              };
            }
            """, null, new() { Timeout = 5_000 });
        var wall = (await frame.JsonValueAsync<WallFrame>())!;

        Assert.InRange(wall.Shown, 3, open - 1);
        Assert.Equal((open - wall.Shown).ToString(System.Globalization.CultureInfo.InvariantCulture), wall.Count);
        Assert.Contains($"+{open - wall.Shown} more not shown", wall.Text, StringComparison.Ordinal);
        Assert.Matches("^sos:", wall.FirstId);
        Assert.True(wall.FirstShown, "the most severe alert is not shown");
        // Every hidden alert is at most as severe as every shown one.
        string[] order = ["critical", "high", "warning", "info"];
        var leastShown = wall.Severities.Where(x => x.StartsWith("shown", StringComparison.Ordinal)).Max(x => Array.IndexOf(order, x[6..]));
        var mostHidden = wall.Severities.Where(x => x.StartsWith("hidden", StringComparison.Ordinal)).Min(x => Array.IndexOf(order, x[7..]));
        Assert.True(leastShown <= mostHidden, string.Join(", ", wall.Severities));
        // Nothing is cut off: the frame read is one where the count is inside the list (a wall that never fits fails the wait).
    }

    /// <summary>The wall's alert list as read in one frame.</summary>
    private sealed class WallFrame
    {
        public int Shown { get; set; }

        public string Count { get; set; } = "";

        public string Text { get; set; } = "";

        public string FirstId { get; set; } = "";

        public bool FirstShown { get; set; }

        public string[] Severities { get; set; } = [];
    }

    [Fact]
    public async Task Issue12_an_sos_names_its_place_once_levels_count_from_one_and_long_zone_names_are_shown_whole()
    {
        await using var host = KestrelCampusHost.Start(Scenes.SchoolNight);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        await api.AlarmAsync("panic-dorm-orchid", "sos");
        var page = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(page, api, $"wall?campus={api.CampusId}&lang=en");

        var sos = page.Locator("[data-testid=alert-list] [data-alert-id^=\"sos:\"]");
        await Expect(sos).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        var text = await sos.InnerTextAsync();
        Assert.Single(Regex.Matches(text, "Orchid House"));
        await Expect(sos.Locator(".alert-level")).ToHaveTextAsync(new Regex("^Level 1: "));
        var zones = await page.Locator("[data-testid=campus-map] [data-kind=zone] .map-label").EvaluateAllAsync<string[]>(
            "labels => labels.map(l => l.querySelectorAll('tspan').length ? [...l.querySelectorAll('tspan')].map(t => t.textContent).join(' ') : l.textContent)");
        Assert.Equal(["Lotus Pond", "Science Block Rooftop", "Chemistry Lab", "Playground", "Canteen", "Library"], zones);

        await page.Locator("[data-testid=lang-toggle]").ClickAsync();
        await Expect(sos.Locator(".alert-level")).ToHaveTextAsync(new Regex("^第 1 级"));
    }

    [Fact]
    public async Task Issue12_sign_out_follows_the_language_and_covers_nothing_on_the_wall()
    {
        await using var host = KestrelCampusHost.Start();
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(page, api, $"wall?campus={api.CampusId}&lang=en");
        var signOut = page.Locator("[data-testid=signout]");
        await Expect(signOut).ToHaveTextAsync("Sign out");

        await page.Locator("[data-testid=lang-toggle]").ClickAsync();

        await Expect(signOut).ToHaveTextAsync("退出登录");
        await Expect(signOut).ToHaveCountAsync(1);
        var button = (await signOut.BoundingBoxAsync())!;
        foreach (var other in new[] { "[data-testid=ticker]", "[data-testid=alert-list]", "[data-testid=campus-map]", "[data-testid=clock]", "[data-testid=mute-toggle]", "[data-testid=lang-toggle]" })
        {
            var box = (await page.Locator(other).BoundingBoxAsync())!;
            Assert.False(Overlaps(button, box), $"sign-out covers {other}");
        }
    }

    [Fact]
    public async Task The_walls_daily_report_link_opens_its_campuss_latest_report_in_the_pages_language()
    {
        await using var host = KestrelCampusHost.Start();
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(page, api, $"wall?campus={api.CampusId}&lang=en");
        var link = page.Locator("[data-testid=nav-report]");

        await Expect(link).ToHaveTextAsync("Daily report");
        await Expect(link).ToHaveAttributeAsync("href", $"/api/v1/campuses/{api.CampusId}/reports/daily.html?lang=en");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener");
        // Followed with the page's session: the printable page, in English.
        var report = await page.APIRequest.GetAsync(api.Url((await link.GetAttributeAsync("href"))!));
        Assert.Equal(200, report.Status);
        Assert.StartsWith("text/html", report.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", await report.TextAsync(), StringComparison.Ordinal);

        await page.Locator("[data-testid=lang-toggle]").ClickAsync();

        await Expect(link).ToHaveTextAsync("每日报告");
        await Expect(link).ToHaveAttributeAsync("href", $"/api/v1/campuses/{api.CampusId}/reports/daily.html?lang=zh-CN");
        var chinese = await page.APIRequest.GetAsync(api.Url((await link.GetAttributeAsync("href"))!));
        Assert.Equal(200, chinese.Status);
        Assert.Contains("<html lang=\"zh-CN\">", await chinese.TextAsync(), StringComparison.Ordinal);
    }

    /// <summary>True when two boxes share any area.</summary>
    public static bool Overlaps(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
}
