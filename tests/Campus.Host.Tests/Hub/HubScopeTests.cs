using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Campus.Host.Tests.Hub;

/// <summary>
/// The hub joins a connection to groups from its identity: a guardian (the real <c>@microsoft/signalr</c>
/// client, <c>hub-client/guardian-scope.mjs</c>) receives their own child's notice and nothing of
/// another child, and no alerts; an anonymous client cannot even negotiate.
/// </summary>
public sealed class HubScopeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_guardian_receives_only_their_own_childs_notice_and_no_alert()
    {
        await using var host = KestrelCampusHost.Start();
        var security = host.Account("security");
        var gate = host.Device("gate-north-reader");
        var own = host.Demo.Samples.BoardingStudent.Id;
        var other = host.Demo.Samples.DayStudent.Id;

        var result = await HubClientScript.RunAsync("guardian-scope.mjs",
            [host.BaseAddress.ToString().TrimEnd('/'), host.Account("guardian").Code!, security.UserName, security.Password!, gate.Id, gate.Key, other, own],
            TimeSpan.FromSeconds(60));
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        var report = JsonSerializer.Deserialize<Report>(line, JsonSerializerOptions.Web)!;

        Assert.Equal([own], report.Guardian.Notices);
        Assert.Empty(report.Guardian.Alerts);
        Assert.Equal(0, report.Guardian.Presence);
        Assert.Equal(0, report.Guardian.Devices);
        Assert.Contains(other, report.Security.Notices);
        Assert.Contains(own, report.Security.Notices);
        Assert.Contains("intruder", report.Security.Alerts);
    }

    [Fact]
    public async Task An_anonymous_client_cannot_negotiate_with_the_hub()
    {
        await using var host = KestrelCampusHost.Start();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var response = await http.PostAsync("/hubs/campus/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private sealed record Received(IReadOnlyList<string> Notices, IReadOnlyList<string> Alerts, int Presence, int Devices);

    private sealed record Report(Received Guardian, Received Security);
}
