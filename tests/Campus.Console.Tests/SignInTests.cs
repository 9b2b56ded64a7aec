using Campus.Host.Tests.Hub;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campus.Console.Tests;

/// <summary>The sign-in view in a real browser: passwords, the guardian's access link, sign-out, and the way back when not signed in.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Slow = new() { Timeout = 20_000 };

    [Fact]
    public async Task Without_a_session_the_console_asks_to_sign_in_then_opens_the_view_of_the_role_and_signs_out()
    {
        await using var host = KestrelCampusHost.Start();
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(1280, 800);

        await page.GotoAsync(api.Page(""));
        var user = page.Locator("[data-field=userName]");
        await user.WaitForAsync(new() { Timeout = 20_000 });
        Assert.Equal("signin", await page.EvaluateAsync<string>("() => document.body.dataset.view"));

        // A wrong password: an error, still on the sign-in view.
        await user.FillAsync(api.Account("supervisor").UserName);
        await page.Locator("[data-field=password]").FillAsync("not the password");
        await page.Locator("[data-action=signin]").ClickAsync();
        await Expect(page.Locator("[data-testid=signin-error]")).ToContainTextAsync("Wrong user name or password");

        await page.Locator("[data-field=password]").FillAsync(api.Account("supervisor").Password!);
        await page.Locator("[data-action=signin]").ClickAsync();
        await Scenes.WaitConnectedAsync(page);
        Assert.Equal("supervisor", await page.EvaluateAsync<string>("() => document.body.dataset.view"));
        Assert.Contains("dorm=dorm-pine", page.Url, StringComparison.Ordinal);

        await page.Locator("[data-testid=signout]").ClickAsync();
        await Expect(page.Locator("[data-field=userName]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await using var again = await page.Context.APIRequest.GetAsync(api.Url("/api/v1/auth/me"));
        Assert.Equal(401, again.Status);
    }

    [Fact]
    public async Task A_guardians_access_link_opens_their_childs_view()
    {
        await using var host = KestrelCampusHost.Start();
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(390, 844);

        await page.GotoAsync(api.Page("signin?code=" + Uri.EscapeDataString(api.Account("guardian").Code!)));
        await Scenes.WaitConnectedAsync(page);

        Assert.Equal("parent", await page.EvaluateAsync<string>("() => document.body.dataset.view"));
        Assert.Contains("student=" + host.Demo.Samples.BoardingStudent.Id, page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_view_opened_without_a_session_comes_back_after_signing_in()
    {
        await using var host = KestrelCampusHost.Start();
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(1280, 800);

        await page.GotoAsync(api.Page($"wall?campus={api.CampusId}&lang=en"));
        await page.Locator("[data-field=userName]").FillAsync(api.Account("security").UserName, new() { Timeout = 20_000 });
        await page.Locator("[data-field=password]").FillAsync(api.Account("security").Password!);
        await page.Locator("[data-action=signin]").ClickAsync();
        await Scenes.WaitConnectedAsync(page);

        Assert.Equal("wall", await page.EvaluateAsync<string>("() => document.body.dataset.view"));
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-view", "wall", Slow);
    }
}
