using System.Globalization;
using System.Text.Json;
using Campus.Host.Auth;
using Campus.Host.Notifications;
using Microsoft.Extensions.Options;

namespace Campus.Host.Reports;

/// <summary>What a subscriber receives when a day's report closes: the headline and where to read it all.</summary>
/// <param name="Url">The printable report (the API's <c>daily.html</c>), relative to the host.</param>
public sealed record ReportMessage(
    string DeliveryId,
    string Kind,
    string CampusId,
    string CampusName,
    DateOnly Date,
    string Recipient,
    Headline? Headline,
    int Corrections,
    string Text,
    string Url);

/// <summary>
/// The morning delivery of a closed daily report to the subscribed leadership accounts
/// (<see cref="ReportOptions.Subscribers"/>) through the channels guardian notices use: the hub
/// (the account's own group) and the signed webhook. The receipts are written in the transaction
/// that stores the closed report (<see cref="DailyReportStore.InsertAsync"/>), and a report is
/// stored once, so a day's report is delivered once to each subscriber and channel, across restarts
/// and nodes; the notification dispatcher delivers them, retries and dead-letters as for notices.
/// </summary>
/// <remarks>
/// A subscriber receives the reports of the campuses their account sees whole: an admin of the
/// campus (or of every campus), its security, or a county account with the campus in its list. A
/// name that is no such account when the report closes is skipped, and the log says so.
/// </remarks>
public sealed class ReportDelivery(AccountStore accounts, WebhookChannel webhook, IOptions<ReportOptions> options, TimeProvider time, ILogger<ReportDelivery> logger)
{
    /// <summary>The kind of a daily report's receipts.</summary>
    public const string Kind = "daily-report";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The notice id of a campus's report of a day: <c>report:{campus}:{date}</c>.</summary>
    public static string NoticeId(string campusId, DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"report:{campusId}:{date:yyyy-MM-dd}");

    /// <summary>The receipts of a closed report: one per subscriber who sees the campus, per channel.</summary>
    public IReadOnlyList<DeliveryReceipt> ReceiptsOf(DailyReportData report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = time.GetUtcNow();
        var noticeId = NoticeId(report.CampusId, report.Date);
        var receipts = new List<DeliveryReceipt>();
        foreach (var userName in options.Value.Subscribers.Distinct(StringComparer.Ordinal))
        {
            if (accounts.Find(userName) is not { } account || !CampusUser.Of(account).ReadsWholeCampus(report.CampusId))
            {
                logger.LogInformation("The report {NoticeId} is not sent to {UserName}: not an account that sees the whole campus", noticeId, userName);
                continue;
            }
            foreach (var channel in Channels())
            {
                var id = NotificationDispatcher.DeliveryId(noticeId, userName, channel);
                var message = new ReportMessage(id, Kind, report.CampusId, report.CampusName, report.Date, userName, report.Headline, report.Corrections.Count,
                    Text(report), string.Create(CultureInfo.InvariantCulture, $"/api/v1/campuses/{Uri.EscapeDataString(report.CampusId)}/reports/daily.html?date={report.Date:yyyy-MM-dd}"));
                receipts.Add(new DeliveryReceipt(id, noticeId, userName, channel, report.CampusId, "", Kind, JsonSerializer.Serialize(message, Json),
                    DeliveryStatus.Pending, 0, null, now, now, now, null));
            }
        }
        return receipts;
    }

    /// <summary>One line a phone or a text message can show.</summary>
    public static string Text(DailyReportData report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = report.Headline;
        var day = h is { SchoolDay: true }
            ? string.Create(CultureInfo.InvariantCulture, $"arrived {h.Arrived}/{h.Expected}, late {h.Late}, absent without leave {h.AbsentWithoutLeave}")
            : "no school";
        var night = h is { NightChecked: true }
            ? string.Create(CultureInfo.InvariantCulture, $"; night: in by curfew {h.InByCurfew}/{h.BoardersExpected}, still missing {h.StillMissing}")
            : "";
        var alerts = h is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; alerts {h.AlertsRaised} ({h.Critical} critical), {h.AlertsOpen} open");
        return string.Create(CultureInfo.InvariantCulture, $"{report.CampusName} {report.Date:yyyy-MM-dd}: {day}{night}{alerts}");
    }

    private IEnumerable<string> Channels()
    {
        yield return NotificationDispatcher.HubChannel;
        if (webhook.Enabled) yield return WebhookChannel.Name;
    }
}
