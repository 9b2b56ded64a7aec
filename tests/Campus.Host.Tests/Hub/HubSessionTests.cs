using System.Text.Json;
using Xunit.Abstractions;

namespace Campus.Host.Tests.Hub;

/// <summary>
/// A hub connection lives no longer than its session: the real <c>@microsoft/signalr</c> client
/// (<c>hub-client/session-end.mjs</c>) sees the server close the connections of a session that
/// signed out, of a removed account and of a guardian whose child was removed, while another
/// session of the same account goes on receiving.
/// </summary>
public sealed class HubSessionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Issue13_hub_connections_close_when_their_session_ends_by_sign_out_removal_or_a_change_of_scope()
    {
        await using var host = KestrelCampusHost.Start();
        var admin = host.Account("admin");
        var security = host.Account("security");
        var gate = host.Device("gate-north-reader");

        var result = await HubClientScript.RunAsync("session-end.mjs",
            [host.BaseAddress.ToString().TrimEnd('/'), host.Demo.CampusId, admin.UserName, admin.Password!, security.UserName, security.Password!,
                gate.Id, gate.Key, host.Demo.Samples.BoardingStudent.Id, host.Demo.Samples.DayStudent.Id],
            TimeSpan.FromSeconds(90));
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        var report = JsonSerializer.Deserialize<Report>(line, JsonSerializerOptions.Web)!;

        Assert.Equal(["signed-out", "removed", "guardian"], report.Closed);
        Assert.Equal(401, report.NegotiateAfterSignOut);
        Assert.False(report.ControlClosed);
        Assert.True(report.ControlAlert, "the session that did not end still receives alerts");
    }

    private sealed record Report(IReadOnlyList<string> Closed, bool ControlClosed, bool ControlAlert, int NegotiateAfterSignOut);
}
