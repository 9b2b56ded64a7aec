using Campus.Host.Tests.Hub;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Campus.Console.Tests;

/// <summary>
/// The README's screenshots, taken against the demo campus on a fixed simulated night with scripted
/// scans (no random traffic), so every run draws the same screen.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Silent = "cam-rooftop";

    [Fact]
    public async Task Screenshots_of_the_wall_display_and_the_supervisor_view_are_taken_against_the_demo()
    {
        await using var host = KestrelCampusHost.Start(Scenes.SchoolNight);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var missing = await Scenes.BoardersCheckInExceptAsync(api, missingPerDorm: 2);
        // The wall display is up while the evening goes on, so its ticker has the live events.
        var wall = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(wall, api, $"wall?campus={api.CampusId}&lang=en");
        await wall.Locator("[data-testid=mute-toggle]").ClickAsync(); // no beeping; also shows the muted state
        var onLeave = missing["dorm-pine"][1];
        await Scenes.AddLeaveAsync(host, onLeave, "2026-11-23T18:00:00+08:00", "2026-11-24T18:00:00+08:00", "Grandmother's birthday");
        // The rooftop camera stays silent: one device offline.
        await api.AdvanceWithHeartbeatsAsync("2026-11-23T21:20:00+08:00", Silent);
        await api.ScanAsync("gate-north-reader", personId: null); // an unknown face at the north gate
        await api.AdvanceWithHeartbeatsAsync("2026-11-23T21:31:00+08:00", Silent); // past the 21:30 curfews
        await api.ScanAsync("dorm-plum-reader", missing["dorm-plum"][0]); // a late return
        await api.AlarmAsync("panic-dorm-orchid", "sos");
        await api.AdvanceWithHeartbeatsAsync("2026-11-23T21:36:00+08:00", Silent);

        // A plain test run writes the pictures next to the test binaries, so it never dirties the
        // checkout; CAMPUS_SCREENSHOTS=docs writes them over docs/images (see README).
        var images = Environment.GetEnvironmentVariable("CAMPUS_SCREENSHOTS") == "docs"
            ? Path.Combine(RepoRoot.Folder, "docs", "images")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(images);

        await Expect(wall.Locator("[data-testid=alert-list] [data-alert-id^=\"sos:\"]")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Expect(Scenes.Alert(wall, $"curfew-missing:{missing["dorm-pine"][0]}:{Scenes.Night}")).ToBeVisibleAsync();
        // The console extrapolates the simulated clock between samples; once time stands still it shows it exactly.
        await Expect(wall.Locator("[data-testid=clock]")).ToContainTextAsync("21:36:00", new() { Timeout = 15_000 });
        await SettleAsync(wall);
        var wallPath = Path.Combine(images, "wall.png");
        await wall.ScreenshotAsync(new() { Path = wallPath, Animations = ScreenshotAnimations.Disabled });

        var supervisor = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(supervisor, api, $"supervisor?campus={api.CampusId}&dorm=dorm-pine&lang=en");
        await Expect(Scenes.Alert(supervisor, $"curfew-missing:{missing["dorm-pine"][0]}:{Scenes.Night}")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(supervisor.Locator($"[data-testid=rollcall] [data-student-id=\"{onLeave}\"][data-rollcall=on-leave]")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await SettleAsync(supervisor);
        var supervisorPath = Path.Combine(images, "supervisor.png");
        await supervisor.ScreenshotAsync(new() { Path = supervisorPath, Animations = ScreenshotAnimations.Disabled });

        foreach (var path in new[] { wallPath, supervisorPath })
        {
            output.WriteLine($"{path}: {new FileInfo(path).Length} bytes");
            Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");
        }
    }

    /// <summary>Waits for the fonts, so the picture shows the finished screen.</summary>
    private static async Task SettleAsync(IPage page) => await page.EvaluateAsync("() => document.fonts.ready");
}
