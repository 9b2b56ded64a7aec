using System.Net;
using Campus.Host.Reports;
using Campus.Host.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests.Reports;

/// <summary>
/// The morning delivery of a closed report to the subscribed leadership accounts: once, signed, with
/// a receipt, also across a restart of the host (two hosts one after the other on one PostgreSQL).
/// </summary>
[Collection("host-postgres")]
public sealed class ReportDeliveryTests(HostPostgresFixture fixture)
{
    private static readonly DateTimeOffset FridayMorning = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset SaturdayMorning = new(2026, 11, 28, 6, 15, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_closed_report_reaches_each_subscriber_who_sees_the_campus_once_and_not_again_after_a_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var database = await fixture.Server.CreateDatabaseAsync("delivery");
        (string, string)[] settings =
        [
            ("Campus:Reports:Subscribers:0", "security"),
            ("Campus:Reports:Subscribers:1", "teacher"), // sees one class, not the campus: not a subscriber of its report
            ("Campus:Reports:Subscribers:2", "nobody"),
            ("Campus:Notifications:WebhookUrl", receiver.Url.ToString()),
            ("Campus:Notifications:WebhookSecret", WebhookReceiver.Secret),
        ];
        await using (var first = new CampusHostFactory(database, FridayMorning, settings))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await first.PostEventsAsync("gate-north-reader", Access("gate-north-reader", first.DayStudent, FridayMorning))).StatusCode);
            await first.AdvanceAsync(SaturdayMorning - FridayMorning);

            // The closer's own timer may have closed it as the clock passed 06:10; if not, this does.
            await first.Services.GetRequiredService<DailyReportCloser>().CloseDueAsync(await first.NowAsync(), CancellationToken.None);

            var delivered = await EventuallyAsync(() => Task.FromResult(Reports(receiver)), r => r.Count == 1, "the report at the gateway");
            var body = delivered[0].Json;
            Assert.True(delivered[0].SignatureValid);
            Assert.Equal(("daily-report", "hj", "2026-11-27", "security"), ((string?)body["kind"], (string?)body["campusId"], (string?)body["date"], (string?)body["recipient"]));
            Assert.Equal("/api/v1/campuses/hj/reports/daily.html?date=2026-11-27", (string?)body["url"]);
            Assert.Equal(1, (int)body["headline"]!["late"]!);
            Assert.Contains("late 1", (string?)body["text"], StringComparison.Ordinal);
            Assert.Equal("report:hj:2026-11-27:security:webhook", delivered[0].DeliveryId);
        }

        // The host starts again on the same database: the day is closed already, so nothing is sent again.
        await using var second = new CampusHostFactory(database, SaturdayMorning.AddMinutes(10), settings);
        Assert.Equal(0, await second.Services.GetRequiredService<DailyReportCloser>().CloseDueAsync(await second.NowAsync(), CancellationToken.None));
        // A guardian's notice goes through the same dispatcher after it: once it is at the gateway, a pending report would have been too.
        Assert.Equal(HttpStatusCode.Accepted, (await second.PostEventsAsync("gate-north-reader", Access("gate-north-reader", second.BoardingStudent, SaturdayMorning.AddMinutes(10), "out"))).StatusCode);
        await EventuallyAsync(() => Task.FromResult(receiver.Requests.Count(r => !IsReport(r))), n => n >= 1, "a guardian notice at the gateway");
        Assert.Single(Reports(receiver));
    }

    private static bool IsReport(ReceivedRequest request) => request.DeliveryId.StartsWith("report:", StringComparison.Ordinal);

    private static List<ReceivedRequest> Reports(WebhookReceiver receiver) => [.. receiver.Requests.Where(IsReport)];
}
