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
        await api.AdvanceByAsync(TimeSpan.Zero); // the wall heard it from the entity; the read model follows
        var stored = await api.GetAsync($"alerts/{Uri.EscapeDataString(alertId)}");
        var acknowledged = stored.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("acknowledge", "supervisor"), (Action(acknowledged), acknowledged.GetProperty("by").GetString()));
    }

    [Fact]
    public async Task Issue12_the_roll_call_in_the_daytime_says_where_each_boarder_is_instead_of_missing()
    {
        await using var host = KestrelCampusHost.Start("2026-11-23T10:00:00+08:00"); // Monday, period 3
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var boarders = (await api.RollCallAsync("dorm=dorm-pine")).Order(StringComparer.Ordinal).ToList();
        var inClass = boarders[0];
        var classId = (await api.GetAsync($"students/{inClass}")).GetProperty("classId").GetString()!;
        await api.ScanAsync($"{classId}-board", inClass);
        await api.ScanAsync("gate-north-reader", boarders[1]);
        await api.AdvanceByAsync(TimeSpan.Zero);

        var page = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(page, api, $"supervisor?campus={api.CampusId}&dorm=dorm-pine&lang=en");

        var roll = page.Locator("[data-testid=rollcall]");
        await Expect(roll.Locator($"[data-student-id=\"{inClass}\"]")).ToHaveAttributeAsync("data-rollcall", "in-class", new() { Timeout = 10_000 });
        await Expect(roll.Locator($"[data-student-id=\"{inClass}\"] .roll-status")).ToContainTextAsync("In class");
        await Expect(roll.Locator($"[data-student-id=\"{boarders[1]}\"]")).ToHaveAttributeAsync("data-rollcall", "on-campus");
        await Expect(roll.Locator($"[data-student-id=\"{boarders[2]}\"]")).ToHaveAttributeAsync("data-rollcall", "off-campus");
        await Expect(roll.Locator("[data-rollcall=missing]")).ToHaveCountAsync(0);
        await Expect(roll.Locator(".roll-counts")).Not.ToContainTextAsync("missing");
    }

    [Fact]
    public async Task Issue12_sign_out_follows_the_language_and_covers_no_roll_call_row_on_a_phone()
    {
        await using var host = KestrelCampusHost.Start(Scenes.SchoolNight);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(page, api, $"supervisor?campus={api.CampusId}&dorm=dorm-pine&lang=en");
        var rows = page.Locator("[data-testid=rollcall] [data-student-id]");
        await Expect(rows.First).ToBeVisibleAsync(new() { Timeout = 10_000 });

        await page.Locator("[data-testid=lang-toggle]").ClickAsync();

        var signOut = page.Locator("[data-testid=signout]");
        await Expect(signOut).ToHaveTextAsync("退出登录");
        // Wherever the page is scrolled, the button covers no row (it scrolls with the header).
        foreach (var scroll in new[] { 0, 400, 1200 })
        {
            await page.EvaluateAsync($"() => window.scrollTo(0, {scroll})");
            var covered = await page.EvaluateAsync<int>("""
                () => {
                  const b = document.querySelector('[data-testid=signout]').getBoundingClientRect();
                  return [...document.querySelectorAll('[data-testid=rollcall] [data-student-id], [data-alert-id]')].filter(r => {
                    const x = r.getBoundingClientRect();
                    return x.left < b.right && b.left < x.right && x.top < b.bottom && b.top < x.bottom;
                  }).length;
                }
                """);
            Assert.Equal(0, covered);
        }
    }

    private static string Action(JsonElement step) => step.GetProperty("action").GetString()!.StartsWith("acknowledge", StringComparison.Ordinal) ? "acknowledge" : step.GetProperty("action").GetString()!;

    [Fact]
    public async Task A_teachers_view_links_to_the_daily_report_which_shows_their_class_and_no_other()
    {
        await using var host = KestrelCampusHost.Start();
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(page, api, $"supervisor?campus={api.CampusId}&class=g7-1&lang=en");
        var link = page.Locator("[data-testid=nav-report]");

        await Expect(link).ToHaveTextAsync("Daily report");
        await Expect(link).ToHaveAttributeAsync("href", $"/api/v1/campuses/{api.CampusId}/reports/daily.html?lang=en");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        // Followed with the teacher's session: the printable page with their class's attendance only.
        var report = await page.APIRequest.GetAsync(api.Url((await link.GetAttributeAsync("href"))!));
        Assert.Equal(200, report.Status);
        var html = await report.TextAsync();
        Assert.Contains("Grade 7 Class 1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Grade 7 Class 2", html, StringComparison.Ordinal);
    }
}
