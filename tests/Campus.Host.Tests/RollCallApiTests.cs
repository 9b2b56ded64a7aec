using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>Roll calls know the time: "missing" at night for a dorm, during a period for a class; otherwise where each student is (SQLite).</summary>
public sealed class RollCallApiTests
{
    /// <summary>Wednesday 25 November 2026, 21:45: after Pine House's 21:30 curfew, before a school day.</summary>
    private static readonly DateTimeOffset SchoolNight = new(2026, 11, 25, 21, 45, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_dorm_roll_call_at_night_lists_its_boarders_as_in_missing_or_on_leave()
    {
        await using var host = new CampusHostFactory(start: SchoolNight);
        using var client = host.CreateClient();
        var boarder = host.BoardingStudent;
        var dorm = DormOf(host);
        var reader = $"{dorm}-reader";
        await host.PostEventsAsync(reader, Access(reader, boarder, SchoolNight));
        var onLeave = (await RollCallAsync(client, $"dorm={dorm}")).Select(e => (string)e!["studentId"]!).First(id => id != boarder);
        var leave = await client.PostAsJsonAsync("/api/v1/campuses/hj/leaves", new
        {
            studentId = onLeave, from = SchoolNight.AddHours(-1), to = SchoolNight.AddDays(1), reason = "family visit", approvedBy = "teacher-li",
        });
        Assert.Equal(HttpStatusCode.Accepted, leave.StatusCode);

        var rollCall = await EventuallyAsync(() => RollCallAsync(client, $"dorm={dorm}"),
            r => r.Any(e => (string?)e!["status"] == "on-leave") && r.Any(e => (string?)e!["status"] == "in"),
            "the roll call to show the scan and the leave");

        Assert.Equal("in", StatusOf(rollCall, boarder));
        Assert.Equal("on-leave", StatusOf(rollCall, onLeave));
        Assert.All(rollCall.Where(e => (string?)e!["studentId"] != boarder && (string?)e!["studentId"] != onLeave), e => Assert.Equal("missing", (string?)e!["status"]));
        Assert.Equal("missing", (string?)rollCall[0]!["status"]);
        var layout = await client.GetFromJsonAsync<JsonObject>("/api/v1/campuses/hj");
        Assert.Equal(rollCall.Count, (int)layout!["dorms"]!.AsArray().Single(d => (string?)d!["id"] == dorm)!["expected"]!);
    }

    [Fact]
    public async Task Issue12_a_dorm_roll_call_in_the_daytime_says_where_each_boarder_is_instead_of_missing()
    {
        await using var host = new CampusHostFactory(); // Wednesday 10:00, period 3
        using var client = host.CreateClient();
        var dorm = DormOf(host);
        var inClass = host.BoardingStudent;
        var board = ClassOf(host) + "-board";
        var onCampus = (await RollCallAsync(client, $"dorm={dorm}")).Select(e => (string)e!["studentId"]!).First(id => id != inClass);
        await host.PostEventsAsync(board, Access(board, inClass, SchoolMorning));
        await host.PostEventsAsync("gate-north-reader", Access("gate-north-reader", onCampus, SchoolMorning));
        await host.SettleAsync();

        var rollCall = await EventuallyAsync(() => RollCallAsync(client, $"dorm={dorm}"),
            r => StatusOf(r, inClass) != "off-campus" && StatusOf(r, onCampus) != "off-campus", "the roll call to show the two scans");

        Assert.Equal("in-class", StatusOf(rollCall, inClass));
        Assert.Equal("classroom:" + ClassOf(host), (string?)rollCall.Single(e => (string?)e!["studentId"] == inClass)!["location"]);
        Assert.Equal("on-campus", StatusOf(rollCall, onCampus));
        Assert.DoesNotContain(rollCall, e => (string?)e!["status"] == "missing");
        Assert.All(rollCall.Where(e => (string?)e!["studentId"] != inClass && (string?)e!["studentId"] != onCampus), e => Assert.Equal("off-campus", (string?)e!["status"]));
    }

    [Fact]
    public async Task Issue12_a_class_roll_call_says_missing_during_a_period_and_where_each_student_is_outside_the_periods()
    {
        await using var host = new CampusHostFactory(); // Wednesday 10:00, period 3
        using var client = host.CreateClient();
        var @class = ClassOf(host);
        var inClass = host.BoardingStudent;
        await host.PostEventsAsync($"{@class}-board", Access($"{@class}-board", inClass, SchoolMorning));
        await host.SettleAsync();

        var duringPeriod = await EventuallyAsync(() => RollCallAsync(client, $"class={@class}"), r => StatusOf(r, inClass) == "in", "the check-in");
        Assert.All(duringPeriod.Where(e => (string?)e!["studentId"] != inClass), e => Assert.Equal("missing", (string?)e!["status"]));

        await host.AdvanceAsync(TimeSpan.FromHours(2)); // 12:00, lunch
        var atLunch = await RollCallAsync(client, $"class={@class}");
        Assert.Equal("in", StatusOf(atLunch, inClass));
        Assert.All(atLunch.Where(e => (string?)e!["studentId"] != inClass), e => Assert.Equal("off-campus", (string?)e!["status"]));
    }

    private static string DormOf(CampusHostFactory host) => host.Demo["samples"]!["boardingStudent"]!["dormId"]!.GetValue<string>();

    private static string ClassOf(CampusHostFactory host) => host.Demo["samples"]!["boardingStudent"]!["classId"]!.GetValue<string>();

    private static async Task<JsonArray> RollCallAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonArray>($"/api/v1/campuses/hj/rollcall?{query}"))!;

    private static string? StatusOf(JsonArray rollCall, string studentId) =>
        (string?)rollCall.Single(e => (string?)e!["studentId"] == studentId)!["status"];
}
