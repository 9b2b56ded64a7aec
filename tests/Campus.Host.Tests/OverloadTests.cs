using System.Net;
using System.Net.Http.Json;
using System.Text;
using Campus.Actors.Devices;
using Campus.Actors.Reference;
using Campus.Actors.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>
/// A full input queue: while the store cannot keep up, devices and operators get <c>429</c> with
/// <c>Retry-After</c> at once (nothing waits without bound), and a retry after the store catches up
/// is accepted. The store is stalled for real: a PostgreSQL transaction holds the log table.
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
        var runtime = host.Services.GetRequiredService<EntityRuntime>();
        await runtime.WhenIdleAsync();

        await using var stall = new NpgsqlConnection(connection);
        await stall.OpenAsync();
        await using var transaction = await stall.BeginTransactionAsync();
        await using (var lockLog = new NpgsqlCommand("LOCK TABLE log IN EXCLUSIVE MODE", stall, transaction))
            await lockLog.ExecuteNonQueryAsync();
        // Inputs queue up behind the stalled store until the runtime refuses the next one.
        var waiting = new List<Task<AppendResult>>();
        var target = CampusIds.Device("hj", Gate);
        while (true)
        {
            try
            {
                var input = new Input(target, new DeviceReported($"burst-{waiting.Count}", Gate, SchoolMorning, DeviceEventType.Heartbeat), "test", $"burst-{waiting.Count}", SchoolMorning);
                waiting.Add(runtime.AppendAsync([input]));
            }
            catch (OverloadedException)
            {
                break;
            }
        }
        Assert.Equal(1000, runtime.PendingAppends);

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
        var retry = await device.PostAsync("/api/v1/events", new StringContent(Heartbeat, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(1, (int)(await retry.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["accepted"]!);
    }
}
