using Campus.Host.Tests.Hub;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campus.Console.Tests;

/// <summary>The parent view: one child's day, and nobody else's.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ParentViewTests(BrowserFixture browser)
{
    private const string Child = "S1004"; // Sun Shan, a day student of g7-1
    private const string Classmate = "S1009"; // Chen Rui, a day student of the same class

    /// <summary>Monday 23 November 2026, 07:30 in Shanghai: still Sunday in UTC, the browser's zone.</summary>
    private const string EarlyMorning = "2026-11-23T07:30:00+08:00";

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

    [Fact]
    public async Task A_guardians_visit_request_shows_its_code_and_its_approval_or_decline_arrives_live()
    {
        await using var host = KestrelCampusHost.Start(EarlyMorning);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var child = host.Demo.Samples.BoardingStudent;
        var page = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(page, api, $"parent?campus={api.CampusId}&student={child.Id}&lang=en", role: "guardian");
        var form = page.Locator("[data-testid=visit-request]");
        await Expect(form.Locator("[data-field=date]")).ToHaveValueAsync("2026-11-23"); // the campus's day, not the browser's
        await Expect(form.Locator("[data-testid=visit-request-zone]")).ToContainTextAsync("Asia/Shanghai");
        await Expect(form.Locator("[data-field=visitorName]")).ToHaveValueAsync("");
        var result = page.Locator("[data-testid=visit-request-result]");
        var requests = page.Locator("[data-testid=visit-requests]");

        await FillRequestAsync(form, "Li Na", "10:00", "11:30");
        var sent = await page.RunAndWaitForRequestAsync(() => form.Locator("[data-action=request-visit]").ClickAsync(), IsVisitRequest);

        await Expect(result).ToHaveAttributeAsync("data-status", "requested", new() { Timeout = 10_000 });
        var code = (await result.GetAttributeAsync("data-visit-code"))!;
        await Expect(result).ToContainTextAsync(code);
        await Expect(result).ToContainTextAsync("Requested");
        var first = requests.Locator($"[data-visit-code=\"{code}\"]");
        await Expect(first).ToHaveAttributeAsync("data-status", "requested", new() { Timeout = 10_000 });
        await Expect(first).ToContainTextAsync("Li Na");
        await Expect(first.Locator(".visit-time")).ToHaveTextAsync("10:00–11:30");
        await Expect(form.Locator("[data-field=visitorName]")).ToHaveValueAsync("");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        await api.ApproveVisitAsync(code);

        await Expect(first).ToHaveAttributeAsync("data-status", "expected", new() { Timeout = 10_000 });
        await Expect(first.Locator(".visit-status")).ToHaveTextAsync("Approved");
        await Expect(result).ToContainTextAsync("Approved");

        // A second request, declined with a reason: the reason is shown with it.
        await FillRequestAsync(form, "Li Qiang", "14:00", "15:00");
        var sentAgain = await page.RunAndWaitForRequestAsync(() => form.Locator("[data-action=request-visit]").ClickAsync(), IsVisitRequest);
        await Expect(result).Not.ToHaveAttributeAsync("data-visit-code", code, new() { Timeout = 10_000 });
        var secondCode = (await result.GetAttributeAsync("data-visit-code"))!;
        var second = requests.Locator($"[data-visit-code=\"{secondCode}\"]");
        await Expect(second).ToHaveAttributeAsync("data-status", "requested", new() { Timeout = 10_000 });

        await api.DeclineVisitAsync(secondCode, "Not a listed guardian");

        await Expect(second).ToHaveAttributeAsync("data-status", "declined", new() { Timeout = 10_000 });
        await Expect(second.Locator(".visit-status")).ToHaveTextAsync("Declined");
        await Expect(second.Locator(".visit-reason")).ToHaveTextAsync("Reason: Not a listed guardian");
        await Expect(first).ToHaveAttributeAsync("data-status", "expected");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        // Each submission carries its own Idempotency-Key.
        var keys = new[] { await sent.HeaderValueAsync("idempotency-key"), await sentAgain.HeaderValueAsync("idempotency-key") };
        Assert.All(keys, key => Assert.False(string.IsNullOrEmpty(key)));
        Assert.NotEqual(keys[0], keys[1]);
    }

    [Fact]
    public async Task A_visit_request_without_a_visitor_name_shows_the_servers_message_by_the_field_and_requests_nothing()
    {
        await using var host = KestrelCampusHost.Start(EarlyMorning);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var child = host.Demo.Samples.BoardingStudent;
        var page = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(page, api, $"parent?campus={api.CampusId}&student={child.Id}&lang=en", role: "guardian");
        var form = page.Locator("[data-testid=visit-request]");
        await FillRequestAsync(form, "", "10:00", "11:30");

        await form.Locator("[data-action=request-visit]").ClickAsync();

        await Expect(form.Locator("[data-error-for=visitorName]")).ToHaveTextAsync("Visitor name is required", new() { Timeout = 10_000 });
        await Expect(form.Locator("[data-field=visitorName]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator("[data-error-for=phone]")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-testid=visit-request-message]")).ToContainTextAsync("Please correct the marked fields.");
        await Expect(page.Locator("[data-testid=visit-request-result]")).ToBeHiddenAsync();
        await Expect(form.Locator("[data-field=purpose]")).ToHaveValueAsync("Bringing a coat"); // nothing typed is lost
        Assert.Empty((await api.GetAsync("visits")).EnumerateArray());

        await page.Locator("[data-testid=lang-toggle]").ClickAsync();
        await Expect(form.Locator("[data-field=purpose]")).ToHaveValueAsync("Bringing a coat");
        await form.Locator("[data-action=request-visit]").ClickAsync();
        await Expect(form.Locator("[data-error-for=visitorName]")).ToHaveTextAsync("访客姓名：必填", new() { Timeout = 10_000 });
    }

    /// <summary>Fills the visit request form for today (the date the form starts with).</summary>
    private static async Task FillRequestAsync(ILocator form, string visitorName, string from, string to)
    {
        await form.Locator("[data-field=visitorName]").FillAsync(visitorName);
        await form.Locator("[data-field=phone]").FillAsync("139 0000 0001");
        await form.Locator("[data-field=purpose]").FillAsync("Bringing a coat");
        await form.Locator("[data-field=expectedArrival]").FillAsync(from);
        await form.Locator("[data-field=expectedDeparture]").FillAsync(to);
    }

    private static bool IsVisitRequest(IRequest request) =>
        request.Method == "POST" && request.Url.EndsWith("/visit-requests", StringComparison.Ordinal);
}
