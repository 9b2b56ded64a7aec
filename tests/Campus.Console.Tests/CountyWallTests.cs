using System.Net.Http.Json;
using System.Text.Json;
using Campus.Host.Tests.County;
using Campus.Host.Tests.Hub;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Campus.Console.Tests;

/// <summary>
/// The county wall in a real browser against the real host, with the demo campus and three small
/// copies of it: a county account of three of the four campuses signs in and lands on the county
/// wall, which shows exactly its campuses as tiles; an SOS on the campus shown last moves its tile
/// to the top live; a click steps into that campus's wall, read-only.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CountyWallTests(BrowserFixture browser, ITestOutputHelper output) : IDisposable
{
    private const string Password = "County wall 2026";
    private readonly string _manifests = Directory.CreateTempSubdirectory("campus-county-wall-").FullName;

    [Fact]
    public async Task A_county_user_lands_on_the_county_wall_a_live_sos_moves_its_campus_to_the_top_and_a_click_opens_that_wall_read_only()
    {
        var manifests = new[] { ("c002", "Second Town School"), ("c003", "River Village School"), ("c004", "Not the County's School") }
            .Select(c => SmallCampuses.Write(_manifests, c.Item1, c.Item2, 20)).ToList();
        await using var host = KestrelCampusHost.Start("2026-11-25T10:00:00+08:00", settings: SmallCampuses.Settings(manifests));
        using var admin = await host.SignedInClientAsync("admin");
        Assert.Equal("hj", host.Demo.CampusId); // the demo campus, whichever other campuses are loaded
        string[] county = ["hj", "c002", "c003"];
        using (var created = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName = "bureau", role = "county", password = Password, campuses = county }))
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(1920, 1080);

        // Signing in through the form lands on the county wall.
        await page.GotoAsync(new Uri(host.BaseAddress, "/#/signin?lang=en").ToString());
        await page.Locator("[data-field=userName]").FillAsync("bureau");
        await page.Locator("[data-field=password]").FillAsync(Password);
        await page.Locator("[data-action=signin]").ClickAsync();
        var tiles = page.Locator("[data-testid=county-tiles] [data-testid=county-tile]");
        await Expect(tiles).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        Assert.StartsWith("#/county", new Uri(page.Url).Fragment, StringComparison.Ordinal);
        await Scenes.WaitConnectedAsync(page);
        var shown = await tiles.EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.campusId)");
        Assert.Equal(county.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        await Expect(page.Locator("[data-testid=county-tile][data-campus-id=c004]")).ToHaveCountAsync(0);

        // An SOS on the campus shown last: its tile comes to the top, its alert into the county list.
        var last = shown[^1];
        var sos = await RaiseSosAsync(host, admin, last);
        await Expect(tiles.First).ToHaveAttributeAsync("data-campus-id", last, new() { Timeout = 10_000 });
        await Expect(tiles.First).ToHaveAttributeAsync("data-state", "critical");
        await Expect(tiles.First.Locator(".county-oldest")).ToContainTextAsync("SOS pressed at North Gate");
        await Expect(page.Locator($"[data-testid=county-alerts] [data-campus-id=\"{last}\"][data-severity=critical]")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        output.WriteLine($"SOS {sos} on {last}: its tile is first");

        // A click steps into that campus's wall: read-only, the SOS listed, nothing to act with.
        await tiles.First.ClickAsync();
        await page.Locator("[data-testid=campus-map]").WaitForAsync(new() { Timeout = 20_000 });
        await Scenes.WaitConnectedAsync(page);
        await Expect(page.Locator("[data-testid=read-only]")).ToBeVisibleAsync();
        await Expect(Scenes.Alert(page, sos)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(page.Locator("[data-action=acknowledge], [data-action=resolve], [data-testid=nav-guard], [data-testid=wall-visitors]")).ToHaveCountAsync(0);
        Assert.Equal("true", await page.EvaluateAsync<string>("() => document.body.dataset.readOnly"));
        // And back to the county wall.
        await page.Locator("[data-testid=nav-county]").ClickAsync();
        await Expect(tiles).ToHaveCountAsync(3, new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task The_county_wall_links_to_the_county_daily_report_as_csv_and_a_campus_wall_it_opens_to_that_campuss_report()
    {
        await using var host = KestrelCampusHost.Start("2026-11-25T10:00:00+08:00");
        using var admin = await host.SignedInClientAsync("admin");
        using (var created = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName = "bureau", role = "county", password = Password, campuses = new[] { "hj" } }))
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        await using var pages = browser.NewPages();
        var page = await pages.NewAsync(1920, 1080);
        var signIn = await page.Context.APIRequest.PostAsync(new Uri(host.BaseAddress, "/api/v1/auth/signin").ToString(), new() { DataObject = new { userName = "bureau", password = Password } });
        Assert.True(signIn.Ok, $"{signIn.Status} {await signIn.TextAsync()}");
        await page.GotoAsync(new Uri(host.BaseAddress, "/#/county?lang=en").ToString());
        await Scenes.WaitConnectedAsync(page);
        var link = page.Locator("[data-testid=nav-county-report]");

        await Expect(link).ToHaveTextAsync("County daily report (CSV)");
        await Expect(link).ToHaveAttributeAsync("href", "/api/v1/county/reports/daily.csv");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        var csv = await page.APIRequest.GetAsync(new Uri(host.BaseAddress, (await link.GetAttributeAsync("href"))!).ToString());
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"], StringComparison.Ordinal);

        // The campus's wall, read-only, links to that campus's report.
        await page.Locator("[data-testid=county-tile][data-campus-id=hj]").ClickAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=read-only]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=nav-report]")).ToHaveAttributeAsync("href", "/api/v1/campuses/hj/reports/daily.html?lang=en");
        var report = await page.APIRequest.GetAsync(new Uri(host.BaseAddress, "/api/v1/campuses/hj/reports/daily.html?lang=en").ToString());
        Assert.Equal(200, report.Status);
        Assert.StartsWith("text/html", report.Headers["content-type"], StringComparison.Ordinal);
    }

    /// <summary>An SOS at the north gate's panic button of <paramref name="campusId"/> (a key the admin issues); returns the alert's id.</summary>
    private static async Task<string> RaiseSosAsync(KestrelCampusHost host, HttpClient admin, string campusId)
    {
        using var issued = await admin.PostAsync($"/api/v1/campuses/{campusId}/devices/panic-gate-north/keys", null);
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var now = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/sim/clock")).GetProperty("now").GetDateTimeOffset();
        using var device = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = JsonContent.Create(new { eventId = $"county-wall-sos-{Guid.NewGuid():N}", deviceId = "panic-gate-north", occurredAt = now, type = "alarm", alarm = "sos" }),
        };
        request.Headers.Add("X-Device-Key", key);
        using var posted = await device.SendAsync(request);
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        // A barrier: the alert is raised and in the read model.
        using (var barrier = await admin.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = "00:00:00" })) barrier.EnsureSuccessStatusCode();
        var alerts = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/campuses/{campusId}/alerts?kind=sos");
        return alerts[0].GetProperty("alertId").GetString()!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_manifests, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
