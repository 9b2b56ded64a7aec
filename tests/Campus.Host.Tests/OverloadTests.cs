using System.Net;
using System.Net.Http.Json;
using System.Text;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>
/// Too much work in flight: while the journal cannot keep up, devices and operators get
/// <c>429</c> with <c>Retry-After</c> at once (nothing waits without bound), and a retry after the
/// journal catches up is accepted. The journal is stalled for real: a PostgreSQL transaction
/// holds its table.
/// </summary>
[Collection("host-postgres")]
public sealed class OverloadTests(HostPostgresFixture fixture)
{
    private const string Gate = "gate-north-reader";
    private const string Heartbeat = """{"eventId":"hb-1","deviceId":"gate-north-reader","occurredAt":"2026-11-25T10:00:00+08:00","type":"heartbeat"}""";

    [Fact]
    public async Task With_the_input_queue_full_events_and_operator_commands_get_429_with_retry_after_and_a_later_retry_is_accepted()
    {
        var connection = await fixture.Server.CreateDatabaseAsync("overload");
        await using var host = new CampusHostFactory(connection, settings: ("Campus:MaxPendingInputs", "1000"));
        using var device = host.DeviceClient(Gate);
        using var admin = host.CreateClient();
        var entities = host.Services.GetRequiredService<CampusEntities>();
        await host.SettleAsync();

        await using var stall = new NpgsqlConnection(connection);
        await stall.OpenAsync();
        await using var transaction = await stall.BeginTransactionAsync();
        await using (var lockJournal = new NpgsqlCommand("LOCK TABLE journal IN EXCLUSIVE MODE", stall, transaction))
            await lockJournal.ExecuteNonQueryAsync();
        // Inputs wait behind the stalled journal until the entities refuse the next one.
        var waiting = new List<Task<AppendResult>>();
        while (true)
        {
            var target = CampusIds.Student("hj", $"S{1001 + waiting.Count % 600}");
            var input = new EntityInput(target, new ApproveLeave(new LeaveApproval($"L-burst-{waiting.Count}", target.Key, SchoolMorning, SchoolMorning.AddHours(1), "burst", "test")),
                "test", $"burst-{waiting.Count}", SchoolMorning);
            var append = entities.AppendAsync([input]);
            if (append.IsFaulted && append.Exception?.InnerException is OverloadedException) break;
            waiting.Add(append);
        }
        Assert.InRange(entities.Activity.InFlight, 1000 - 1, 1000);
        using var anonymous = host.AnonymousClient();
        var ready = await anonymous.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var health = await ready.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.Equal("overloaded", (string?)health!["status"]);
        Assert.Equal(1000, (int)health["inFlightLimit"]!);

        var refused = await device.PostAsync("/api/v1/events", new StringContent(Heartbeat, Encoding.UTF8, "application/json"));
        var leave = await admin.PostAsJsonAsync("/api/v1/campuses/hj/leaves", new
        {
            studentId = host.DayStudent, from = SchoolMorning, to = SchoolMorning.AddHours(4), reason = "dentist",
        });

        foreach (var response in new[] { refused, leave })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in seconds");
        }

        await transaction.CommitAsync();
        await Task.WhenAll(waiting);
        await host.SettleAsync();
        var retry = await device.PostAsync("/api/v1/events", new StringContent(Heartbeat, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(1, (int)(await retry.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["accepted"]!);
    }
}
