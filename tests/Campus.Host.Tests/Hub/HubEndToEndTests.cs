using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Campus.Host.Tests.Hub;

/// <summary>
/// The hub end to end with the real <c>@microsoft/signalr</c> client: node runs
/// <c>hub-client/alert-roundtrip.mjs</c> against the host on Kestrel (demo campus, simulated clock, SQLite).
/// </summary>
public sealed class HubEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_scan_raises_an_alert_on_the_hub_and_its_acknowledgement_arrives_as_an_update()
    {
        await using var host = await StartHostAsync();
        var reader = host.Device("gate-north-reader");

        var result = await RunAsync(host, reader.Id, reader.Key);
        var report = Parse<RoundTripReport>(result);

        Assert.Equal("intruder", report.Raised.Kind);
        Assert.Equal("open", report.Raised.Status);
        Assert.Equal("gate-north", report.Raised.Subject);
        Assert.Equal(report.Raised.AlertId, report.Acknowledged.AlertId);
        Assert.True(report.Acknowledged.Version > report.Raised.Version, $"version {report.Acknowledged.Version} after {report.Raised.Version}");
        Assert.Equal("acknowledged", report.Acknowledged.Status);
        Assert.Equal(host.Account("security").UserName, report.AcknowledgedBy); // the signed-in account, not the body's "by"
    }

    [Fact]
    public async Task A_client_that_reconnects_finds_the_alert_raised_while_it_was_away_in_the_api()
    {
        await using var host = await StartHostAsync();
        var north = host.Device("gate-north-reader");
        var south = host.Device("gate-south-reader");

        var result = await RunAsync(host, north.Id, north.Key, "--reconnect", south.Id, south.Key);
        var report = Parse<ReconnectReport>(result);

        Assert.Equal("gate-north", report.Seen.Subject);
        Assert.Equal("gate-south", report.Missed.Subject);
        Assert.Equal(("intruder", "open"), (report.Missed.Kind, report.Missed.Status));
        Assert.NotEqual(report.Seen.AlertId, report.Missed.AlertId);
        Assert.DoesNotContain(report.FirstConnectionAlerts, a => a.AlertId == report.Missed.AlertId);
    }

    private static async Task<KestrelCampusHost> StartHostAsync()
    {
        var host = KestrelCampusHost.Start();
        try
        {
            using var http = new HttpClient { BaseAddress = host.BaseAddress };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task<ScriptResult> RunAsync(KestrelCampusHost host, params string[] deviceArguments)
    {
        var result = await HubClientScript.RunAsync("alert-roundtrip.mjs",
            [host.BaseAddress.ToString().TrimEnd('/'), host.Demo.CampusId, host.Account("security").UserName, host.Account("security").Password!, .. deviceArguments], ScriptTimeout);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static T Parse<T>(ScriptResult result)
    {
        var line = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.False(string.IsNullOrEmpty(line), result.ToString());
        return JsonSerializer.Deserialize<T>(line, JsonSerializerOptions.Web) ?? throw new InvalidOperationException(result.ToString());
    }

    private sealed record AlertSeen(string AlertId, int Version, string Kind, string Status, string Subject);

    private sealed record RoundTripReport(AlertSeen Raised, AlertSeen Acknowledged, string? AcknowledgedBy, string? Transport);

    private sealed record ReconnectReport(AlertSeen Seen, AlertSeen Missed, int Fetches, string? Transport, IReadOnlyList<AlertSeen> FirstConnectionAlerts);
}
