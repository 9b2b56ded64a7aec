using Campus.Host.Tests.Hub;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Campus.Console.Tests;

/// <summary>The wall display runs unattended for days: it must survive a host restart without a reload.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReconnectTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>Backoff may have grown while the host was down; allow for one long retry.</summary>
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task After_the_host_restarts_the_page_reconnects_and_shows_the_current_state()
    {
        var host = KestrelCampusHost.Start(); // 02:00: unknown faces are intruders
        var pages = browser.NewPages();
        try
        {
            var page = await pages.NewAsync(1920, 1080);
            using (var api = new CampusApi(host))
            {
                await Scenes.OpenAsync(page, api, $"wall?campus={api.CampusId}&lang=en");
                await api.ScanAsync("gate-north-reader", personId: null);
            }
            var before = page.Locator("[data-alert-id^=\"intruder:gate-north:\"]");
            await Expect(before).ToHaveCountAsync(1, new() { Timeout = 10_000 });
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");

            await host.StopAsync();
            var banner = page.Locator("[data-testid=connection-banner]");
            await Expect(banner).ToBeVisibleAsync(new() { Timeout = 15_000 });
            Assert.NotEqual("connected", await page.EvaluateAsync<string>("() => document.body.dataset.connection"));
            output.WriteLine($"banner: {await banner.InnerTextAsync()}");

            // The page stays cut off until the host has raised an alert it was not there to receive.
            await page.Context.SetOfflineAsync(true);
            host = host.StartAgain();
            using var again = new CampusApi(host);
            await again.ScanAsync("gate-south-reader", personId: null);
            await again.AdvanceByAsync(TimeSpan.Zero); // a clock move of zero answers once the runtime has applied every input
            Assert.Equal(2, (await again.AlertsAsync()).Count);
            Assert.NotEqual("connected", await page.EvaluateAsync<string>("() => document.body.dataset.connection"));
            await page.Context.SetOfflineAsync(false);

            await Scenes.WaitConnectedAsync(page, ReconnectTimeout);
            await Expect(banner).ToBeHiddenAsync(new() { Timeout = 5_000 });
            await Expect(page.Locator("[data-alert-id^=\"intruder:gate-south:\"]")).ToHaveCountAsync(1, new() { Timeout = 10_000 });

            // And live again: a new alert arrives without a reload.
            await again.ScanAsync("dorm-pine-reader", personId: null);
            await Expect(page.Locator("[data-alert-id^=\"intruder:dorm-pine:\"]")).ToHaveCountAsync(1, new() { Timeout = 5_000 });
            await Expect(before).ToHaveCountAsync(1);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        }
        finally
        {
            await pages.DisposeAsync();
            await host.DisposeAsync();
        }
    }
}
