using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Campus.Console.Tests;

/// <summary>Deterministic situations on the demo campus, and the console pages' common waits.</summary>
public static class Scenes
{
    /// <summary>Monday 23 November 2026, 21:00 in Shanghai: a school night, half an hour before the first curfews.</summary>
    public const string SchoolNight = "2026-11-23T21:00:00+08:00";

    /// <summary>The night's date in alert ids (a night is named by its evening's local date).</summary>
    public const string Night = "2026-11-23";

    /// <summary>How long a page may take to load its state or to catch up after a reconnect.</summary>
    public static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// At <see cref="SchoolNight"/>: every boarder checks into their dorm at its door reader except the
    /// first <paramref name="missingPerDorm"/> of each dorm (by student id), who stay out.
    /// Returns the students left out, by dorm.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> BoardersCheckInExceptAsync(CampusApi api, int missingPerDorm)
    {
        var missing = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var dorm in new[] { "dorm-pine", "dorm-plum", "dorm-cedar", "dorm-orchid" })
        {
            var students = (await api.RollCallAsync("dorm=" + dorm)).Order(StringComparer.Ordinal).ToList();
            missing[dorm] = students.Take(missingPerDorm).ToList();
            await api.ScanAsync(dorm + "-reader", students.Skip(missingPerDorm).ToList<string?>());
        }
        return missing;
    }

    /// <summary>
    /// Signs the page in (through its context's request API, which shares the browser's cookies) as
    /// the demo account of the role the route is for: security for the wall, the supervisor of
    /// dorm-pine, the teacher of a class; the admin for a parent view of any student.
    /// Then opens the route and waits until the hub is connected.
    /// </summary>
    public static async Task OpenAsync(IPage page, CampusApi api, string route, string? role = null)
    {
        await SignInAsync(page, api, role ?? RoleFor(route));
        await page.GotoAsync(api.Page(route));
        await WaitConnectedAsync(page);
    }

    /// <summary>The demo role that opens a route.</summary>
    public static string RoleFor(string route) =>
        route.StartsWith("supervisor", StringComparison.Ordinal) ? (route.Contains("class=", StringComparison.Ordinal) ? "teacher" : "supervisor")
        : route.StartsWith("parent", StringComparison.Ordinal) ? "admin"
        : "security";

    /// <summary>Signs a page's browser context in as a demo account (password, or the guardian's code).</summary>
    public static async Task SignInAsync(IPage page, CampusApi api, string role)
    {
        var account = api.Account(role);
        var response = account.Code is { } code
            ? await page.Context.APIRequest.PostAsync(api.Url("/api/v1/auth/guardian"), new() { DataObject = new { code } })
            : await page.Context.APIRequest.PostAsync(api.Url("/api/v1/auth/signin"), new() { DataObject = new { userName = account.UserName, password = account.Password } });
        Assert.True(response.Ok, $"signing in as {role}: {response.Status} {await response.TextAsync()}");
    }

    public static async Task WaitConnectedAsync(IPage page, TimeSpan? timeout = null) =>
        await page.WaitForFunctionAsync("() => document.body && document.body.dataset.connection === 'connected'",
            null, new() { Timeout = (float)(timeout ?? PageTimeout).TotalMilliseconds });

    /// <summary>The rendered alert with this id (the wall's list or the supervisor's).</summary>
    public static ILocator Alert(IPage page, string alertId) => page.Locator($"[data-alert-id=\"{alertId}\"]");

    /// <summary>Approves a leave for a student (an operator command).</summary>
    public static async Task AddLeaveAsync(Campus.Host.Tests.Hub.KestrelCampusHost host, string studentId, string from, string to, string reason)
    {
        using var http = await host.SignedInClientAsync("supervisor");
        using var response = await http.PostAsJsonAsync($"/api/v1/campuses/{host.Demo.CampusId}/leaves",
            new { studentId, from, to, reason, approvedBy = "Teacher Zhou" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
