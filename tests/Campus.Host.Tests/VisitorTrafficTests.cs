using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Campus.Actors.Hosting;
using Campus.Actors.Visitors;
using Campus.Host.Campus;
using Campus.Host.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Campus.Host.Tests;

/// <summary>
/// The demo's day of visitors and vehicles (<see cref="VisitorDayTraffic"/>), played through the
/// real entities on the simulated clock: it raises exactly the alerts it is written to raise.
/// </summary>
public sealed class VisitorTrafficTests : IAsyncLifetime
{
    private static readonly DateOnly Wednesday = new(2026, 11, 25);
    private CampusHostFactory _host = null!;

    public Task InitializeAsync()
    {
        _host = new CampusHostFactory(start: new DateTimeOffset(2026, 11, 25, 5, 30, 0, TimeSpan.FromHours(8)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_day_is_the_same_on_every_run_and_its_visit_codes_are_codes()
    {
        var campus = _host.Services.GetRequiredService<CampusDirectory>().Find("hj")!;

        var day = VisitorDayTraffic.For(campus, Wednesday);

        Assert.Equal(day.Select(i => i.EventId), VisitorDayTraffic.For(campus, Wednesday).Select(i => i.EventId));
        Assert.All(day.Where(i => i.Target.Kind == "visit"), i => Assert.True(VisitCodes.IsWellFormed(i.Target.Key), i.Target.Key));
        Assert.Empty(VisitorDayTraffic.For(campus, new DateOnly(2026, 11, 28))); // a Saturday
    }

    [Fact]
    public async Task A_day_of_visits_and_vehicles_raises_one_overstay_one_watch_list_one_unknown_vehicle_one_delivery_out_of_hours_and_no_intruder()
    {
        var campus = _host.Services.GetRequiredService<CampusDirectory>().Find("hj")!;
        var entities = _host.Services.GetRequiredService<CampusEntities>();
        foreach (var group in VisitorDayTraffic.For(campus, Wednesday).GroupBy(i => i.OccurredAt))
        {
            var now = await _host.NowAsync();
            if (group.Key > now) await _host.AdvanceAsync(group.Key - now);
            await entities.AppendAsync([.. group]);
        }
        var evening = new DateTimeOffset(2026, 11, 25, 18, 30, 0, TimeSpan.FromHours(8));
        await _host.AdvanceAsync(evening - await _host.NowAsync());

        var alerts = await _host.AlertsWhenAsync("status=all", a => a.Any(x => (string?)x!["kind"] == "unknown-vehicle" && (string?)x["status"] == "resolved"), "the day's alerts");
        // Each alert of a kind: resolved, or still open (escalated by the evening).
        string[] Kinds(string kind) => [.. alerts.Where(a => (string?)a!["kind"] == kind).Select(a => (string?)a!["status"] == "resolved" ? "resolved" : "open")];
        Assert.Equal(["resolved"], Kinds("visitor-overstay"));
        Assert.Equal(["open"], Kinds("watch-list"));
        Assert.Equal(["resolved"], Kinds("unknown-vehicle"));
        Assert.Equal(["open"], Kinds("vehicle-outside-hours"));
        Assert.Empty(Kinds("intruder")); // the parent's unknown face just after their check-in
        Assert.Empty(Kinds("visit-code-invalid"));
        Assert.Empty(Kinds("visit-code-reused"));
        Assert.Empty(Kinds("visitor-after-hours"));

        using var client = _host.ClientAs("security");
        var log = (await client.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/vehicles/log?date=2026-11-25"))!;
        Assert.Equal(15, log.Count);
        Assert.Single(log, v => (bool)v!["lowConfidence"]!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/vehicles/inside"))!);
        var visits = (await client.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/visits?date=2026-11-25"))!;
        Assert.Equal(["expected", "left", "left", "left"], visits.Select(v => (string?)v!["status"]).Order());
    }
}
