using Campus.Host.Tests.Hub;
using static Microsoft.Playwright.Assertions;

namespace Campus.Console.Tests;

/// <summary>The parent view: one child's day, and nobody else's.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ParentViewTests(BrowserFixture browser)
{
    private const string Child = "S1004"; // Sun Shan, a day student of g7-1
    private const string Classmate = "S1009"; // Chen Rui, a day student of the same class

    [Fact]
    public async Task A_parent_page_never_shows_another_child()
    {
        await using var host = KestrelCampusHost.Start("2026-11-23T07:20:00+08:00");
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var classmateName = (await api.GetAsync($"students/{Classmate}")).GetProperty("name").GetString()!;
        var childName = (await api.GetAsync($"students/{Child}")).GetProperty("name").GetString()!;
        await api.ScanAsync("gate-north-reader", [Classmate, Child]); // both arrive together

        var page = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(page, api, $"parent?campus={api.CampusId}&student={Child}&lang=en");
        await Expect(page.Locator("[data-testid=parent-child]")).ToContainTextAsync(childName, new() { Timeout = 10_000 });
        var timeline = page.Locator("[data-testid=parent-timeline]");
        await Expect(timeline.Locator($"[data-student-id=\"{Child}\"][data-kind=arrival]")).ToHaveCountAsync(1, new() { Timeout = 10_000 });

        // Live notices for both children; the page may show only its own.
        await api.AdvanceByAsync(TimeSpan.FromMinutes(10));
        await api.ScanAsync("gate-south-reader", Classmate, "out");
        await api.ScanAsync("gate-south-reader", Child, "out");
        await Expect(timeline.Locator($"[data-student-id=\"{Child}\"][data-kind=departure]")).ToHaveCountAsync(1, new() { Timeout = 10_000 });

        var shown = await page.Locator("[data-student-id]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.studentId)");
        Assert.NotEmpty(shown);
        Assert.All(shown, id => Assert.Equal(Child, id));
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(classmateName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Classmate, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue12_the_parent_page_follows_the_child_from_the_notices_a_guardian_receives()
    {
        await using var host = KestrelCampusHost.Start("2026-11-23T20:20:00+08:00");
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var child = host.Demo.Samples.BoardingStudent;
        var page = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(page, api, $"parent?campus={api.CampusId}&student={child.Id}&lang=en", role: "guardian");
        var where = page.Locator(".child-where");
        await Expect(where).ToHaveTextAsync("Location not known yet", new() { Timeout = 10_000 });

        await api.AdvanceToAsync("2026-11-23T20:24:00+08:00");
        await api.ScanAsync($"{child.DormId}-reader", child.Id);

        await Expect(page.Locator($"[data-testid=parent-timeline] [data-kind=dorm-check-in]")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Expect(where).ToHaveTextAsync("Now: Pine House (boys, grades 7-8) since 20:24");
    }
}
