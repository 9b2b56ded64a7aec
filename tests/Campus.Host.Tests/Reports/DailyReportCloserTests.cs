using System.Net;
using System.Text.Json.Nodes;
using Campus.Host.Reports;
using Microsoft.Extensions.DependencyInjection;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests.Reports;

/// <summary>Closing daily reports on SQLite.</summary>
public sealed class SqliteDailyReportCloserTests : DailyReportCloserTests
{
    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>Closing daily reports on PostgreSQL, a fresh database per test.</summary>
[Collection("host-postgres")]
public sealed class PostgresDailyReportCloserTests(HostPostgresFixture fixture) : DailyReportCloserTests
{
    protected override async Task<string?> ConnectionStringAsync() => await fixture.Server.CreateDatabaseAsync("reports");
}

/// <summary>
/// Closing daily reports through the real host with the simulated clock: a day closes once its
/// close time has passed, never changes afterwards, and a late event of it becomes a correction in
/// the next day's report.
/// </summary>
public abstract class DailyReportCloserTests : IAsyncLifetime
{
    /// <summary>Friday 2026-11-27, 10:00 on the demo campus: a school day, whose night is not checked (no school on Saturday).</summary>
    private static readonly DateTimeOffset FridayMorning = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8));

    private CampusHostFactory _host = null!;

    protected abstract Task<string?> ConnectionStringAsync();

    public async Task InitializeAsync() => _host = new CampusHostFactory(await ConnectionStringAsync(), FridayMorning, ("Campus:Reports:CloseAt", "06:30"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(string Text, JsonObject Report)> ReportAsync(string date)
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync($"/api/v1/campuses/hj/reports/daily?date={date}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        return (text, JsonNode.Parse(text)!.AsObject());
    }

    private static JsonObject ClassRow(JsonObject report, string classId) =>
        report["attendance"]!["classes"]!.AsArray().Single(c => (string?)c!["classId"] == classId)!.AsObject();

    private async Task AdvanceToAsync(DateTimeOffset at) => await _host.AdvanceAsync(at - await _host.NowAsync());

    [Fact]
    public async Task A_closed_day_never_changes_and_its_late_event_is_a_correction_in_the_next_days_report()
    {
        // S1004 and S1009 are day students of g7-1. S1004 comes in late, at 10:00.
        Assert.Equal(HttpStatusCode.Accepted, (await _host.PostEventsAsync("gate-north-reader", Access("gate-north-reader", "S1004", FridayMorning))).StatusCode);
        await _host.SettleAsync();
        var (_, preview) = await ReportAsync("2026-11-27");
        Assert.False((bool)preview["closed"]!);
        Assert.Equal(1, (int)ClassRow(preview, "g7-1")["late"]!);

        // Saturday 06:35: the report closed at 06:30 (Campus:Reports:CloseAt, later than the last wake-up, 06:10).
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 28, 6, 35, 0, TimeSpan.FromHours(8)));
        var closer = _host.Services.GetRequiredService<DailyReportCloser>();
        await closer.CloseDueAsync(await _host.NowAsync(), CancellationToken.None);
        var (closedText, closed) = await ReportAsync("2026-11-27");
        Assert.True((bool)closed["closed"]!);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 6, 30, 0, TimeSpan.FromHours(8)), closed["closedAt"]!.GetValue<DateTimeOffset>());
        var g71 = ClassRow(closed, "g7-1");
        Assert.Equal((1, 1), ((int)g71["arrived"]!, (int)g71["late"]!));
        Assert.All(closed["night"]!["dorms"]!.AsArray(), d => Assert.False((bool)d!["checked"]!));
        // The gate reader was heard at 10:00 and is declared silent three heartbeats (minutes) later: offline until midnight.
        var reader = closed["devices"]!["devices"]!.AsArray().Single(d => (string?)d!["deviceId"] == "gate-north-reader")!;
        Assert.Equal(((24 * 60) - (10 * 60) - 3, 1), ((int)reader["offlineMinutes"]!, (int)reader["wentOffline"]!));

        // S1009's entry at 09:00 on Friday reaches the host only now: the closed report stays as it was.
        Assert.Equal(HttpStatusCode.Accepted, (await _host.PostEventsAsync("gate-north-reader",
            Access("gate-north-reader", "S1009", FridayMorning.AddHours(-1)))).StatusCode);
        await _host.SettleAsync();
        await closer.CloseDueAsync(await _host.NowAsync(), CancellationToken.None);
        Assert.Equal(closedText, (await ReportAsync("2026-11-27")).Text);

        // Sunday 06:35: Saturday closes, with Friday's late arrival as corrections.
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 29, 6, 35, 0, TimeSpan.FromHours(8)));
        await closer.CloseDueAsync(await _host.NowAsync(), CancellationToken.None);
        var (_, saturday) = await ReportAsync("2026-11-28");
        Assert.True((bool)saturday["closed"]!);
        var corrections = saturday["corrections"]!.AsArray()
            .Where(c => (string?)c!["section"] == "attendance" && (string?)c["key"] == "g7-1")
            .Select(c => ((string?)c!["date"], (string?)c["figure"], (string?)c["was"], (string?)c["now"]));
        Assert.Equal(
        [
            ("2026-11-27", "arrived", "1", "2"),
            ("2026-11-27", "late", "1", "2"),
            ("2026-11-27", "absentWithoutLeave", "31", "30"),
        ], corrections);
        Assert.Equal(closedText, (await ReportAsync("2026-11-27")).Text);
    }
}
