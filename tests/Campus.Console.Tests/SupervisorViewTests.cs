using System.Text.Json;
using Campus.Host.Tests.Hub;
using static Microsoft.Playwright.Assertions;

namespace Campus.Console.Tests;

/// <summary>The supervisor view and the wall display open side by side in two browser pages.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SupervisorViewTests(BrowserFixture browser)
{
    [Fact]
    public async Task Acknowledging_an_alert_in_the_supervisor_view_updates_the_wall_display()
    {
        await using var host = KestrelCampusHost.Start(Scenes.SchoolNight);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var missing = await Scenes.BoardersCheckInExceptAsync(api, missingPerDorm: 2);
        await api.AdvanceToAsync("2026-11-23T21:31:00+08:00"); // past Pine House's 21:30 curfew
        var student = missing["dorm-pine"][0];
        var alertId = $"curfew-missing:{student}:{Scenes.Night}";

        var wall = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(wall, api, $"wall?campus={api.CampusId}&lang=en");
        var supervisor = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(supervisor, api, $"supervisor?campus={api.CampusId}&dorm=dorm-pine&lang=en");
        var onWall = Scenes.Alert(wall, alertId);
        await Expect(onWall).ToHaveAttributeAsync("data-status", "open", new() { Timeout = 10_000 });

        var item = Scenes.Alert(supervisor, alertId);
        await item.Locator("[data-field=note]").FillAsync("Called his room, on the way back from the library");
        await item.Locator("[data-action=acknowledge]").ClickAsync();

        await Expect(onWall).ToHaveAttributeAsync("data-status", "acknowledged", new() { Timeout = 5_000 });
        await Expect(item).ToHaveAttributeAsync("data-status", "acknowledged", new() { Timeout = 5_000 });
        var stored = await api.GetAsync($"alerts/{Uri.EscapeDataString(alertId)}");
        var acknowledged = stored.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("acknowledge", "supervisor"), (Action(acknowledged), acknowledged.GetProperty("by").GetString()));
    }

    private static string Action(JsonElement step) => step.GetProperty("action").GetString()!.StartsWith("acknowledge", StringComparison.Ordinal) ? "acknowledge" : step.GetProperty("action").GetString()!;
}
