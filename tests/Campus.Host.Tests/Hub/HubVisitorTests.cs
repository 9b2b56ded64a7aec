using System.Text.Json;
using Xunit.Abstractions;

namespace Campus.Host.Tests.Hub;

/// <summary>
/// A visitor's arrival reaches their host over the hub (the real <c>@microsoft/signalr</c> client,
/// <c>hub-client/visitor-arrival.mjs</c>): a class's teacher for a visit to the class, the staff
/// member for a visit to them, and nobody else.
/// </summary>
public sealed class HubVisitorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_visitors_arrival_is_told_to_their_host_and_not_to_another_member_of_staff()
    {
        await using var host = KestrelCampusHost.Start("2026-11-25T10:00:00+08:00");
        var security = host.Account("security");
        var teacher = host.Account("teacher");
        var supervisor = host.Account("supervisor");

        var result = await HubClientScript.RunAsync("visitor-arrival.mjs",
            [host.BaseAddress.ToString().TrimEnd('/'), security.UserName, security.Password!, teacher.UserName, teacher.Password!, "g7-1", supervisor.UserName, supervisor.Password!],
            TimeSpan.FromSeconds(90));
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        var report = JsonSerializer.Deserialize<Report>(line, JsonSerializerOptions.Web)!;

        Assert.Equal([report.ToClass], report.Teacher);
        Assert.Equal([report.ToStaff], report.Supervisor);
    }

    private sealed record Report(string ToClass, string ToStaff, IReadOnlyList<string> Teacher, IReadOnlyList<string> Supervisor);
}
