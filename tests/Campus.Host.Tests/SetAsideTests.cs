using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Campus.Actors.Devices;
using Campus.Actors.Gates;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Microsoft.Extensions.DependencyInjection;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>
/// An input an entity cannot handle never stops it, its campus or the host: it is set aside
/// (journaled as such, never retried), listed for admins, and the entity goes on. On PostgreSQL,
/// where an over-long id once wedged a campus (hardening issue, item 1).
/// </summary>
[Collection("host-postgres")]
public sealed class SetAsideTests(HostPostgresFixture fixture)
{
    [Fact]
    public async Task Issue13_an_input_its_entity_fails_on_is_set_aside_listed_for_admins_and_the_campus_goes_on()
    {
        var connection = await fixture.Server.CreateDatabaseAsync("setaside");
        await using var host = new CampusHostFactory(connection);
        var entities = host.Services.GetRequiredService<CampusEntities>();
        await host.SettleAsync();

        // A pass with a 3000-character card id, straight to the gate (past every input path's limit):
        // the gate's rule cannot name an alert after it.
        var poison = new GatePassed("gate-north-reader", "poison-1", new string('7', 3000), Direction.In, 1, SchoolMorning);
        var stored = await entities.AppendAsync([new EntityInput(CampusIds.Gate("hj", "gate-north"), poison, "test", "poison-1", SchoolMorning)]);
        Assert.Equal(1, stored.Stored);
        // A leave with nothing in it: the student's rule fails on it.
        await entities.AppendAsync([new EntityInput(CampusIds.Student("hj", host.DayStudent), new ApproveLeave(null!), "test", "poison-2", SchoolMorning)]);
        await host.SettleAsync();

        using var admin = host.CreateClient();
        var setAside = await admin.GetFromJsonAsync<JsonArray>("/api/v1/admin/set-aside?campus=hj");
        Assert.Equal(["ApproveLeave", "GatePassed"], setAside!.Select(s => (string)s!["messageType"]!).Order());
        Assert.Contains(setAside!, s => (string?)s!["entity"] == "gate/hj/gate-north" && (string?)s["eventId"] == "poison-1");

        // The gate and the student go on: an unknown face still raises its alert, a real leave is recorded.
        var scan = await host.PostEventsAsync("gate-north-reader", Access("gate-north-reader", null, SchoolMorning));
        Assert.Equal(HttpStatusCode.Accepted, scan.StatusCode);
        await host.AlertsWhenAsync("kind=intruder", a => a.Count == 1, "the intruder alert after the poisoned pass");
        using var security = host.ClientAs("security");
        var forbidden = await security.GetAsync("/api/v1/admin/set-aside");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
