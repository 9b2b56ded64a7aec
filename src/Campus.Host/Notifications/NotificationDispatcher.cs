using System.Text.Json;
using Akka.Actor;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.Host.Campus;
using Campus.Host.Hubs;
using Campus.Host.Projections;
using Microsoft.Extensions.Options;

namespace Campus.Host.Notifications;

/// <summary>What a gateway receives (and the hub channel's source): one notice for one guardian.</summary>
public sealed record GuardianMessage(
    string DeliveryId,
    string NoticeId,
    string CampusId,
    string StudentId,
    string StudentName,
    string GuardianId,
    string Contact,
    string Kind,
    DateTimeOffset At,
    string LocationId,
    string Language,
    string Text);

/// <summary>
/// Delivers guardian notices from the outbox. Each <see cref="GuardianNotice"/> is in the journal
/// with the event that caused it; <see cref="NoticeProjection"/> turns it into a receipt per
/// guardian and channel (its offset moves in the same transaction). This service delivers due
/// receipts: the hub's guardian group, and the webhook gateway, each channel on its own loop (a
/// slow or hanging gateway never holds up the hub). A failed round is re-attempted later with
/// exponential backoff on the campus clock; after <see cref="NotificationOptions.MaxAttempts"/>
/// attempts the receipt is dead-lettered. A delivered receipt is never delivered again; a delivery
/// cut by a crash is repeated with the same <c>X-Campus-Delivery</c> id, which the gateway drops.
/// </summary>
public sealed class NotificationDispatcher(
    NotificationStore store,
    WebhookChannel webhook,
    CampusDirectory directory,
    ActorSystem system,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : IClusterJob
{
    /// <summary>The hub channel's name in delivery ids.</summary>
    public const string HubChannel = "hub";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every channel a receipt can name (a receipt of a channel configured off fails with a reason).</summary>
    private static readonly string[] AllChannels = [HubChannel, WebhookChannel.Name];

    private readonly Dictionary<string, SemaphoreSlim> _channelWake = AllChannels.ToDictionary(c => c, _ => new SemaphoreSlim(0, 1), StringComparer.Ordinal);

    /// <summary>The id of one delivery: <c>{noticeId}:{guardianId}:{channel}</c>.</summary>
    public static string DeliveryId(string noticeId, string guardianId, string channel) => $"{noticeId}:{guardianId}:{channel}";

    /// <summary>Look now (an admin retried a receipt, new receipts were written).</summary>
    public void Wake()
    {
        foreach (var wake in _channelWake.Values) Signal(wake);
    }

    private static void Signal(SemaphoreSlim wake)
    {
        try
        {
            if (wake.CurrentCount == 0) wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    /// <summary>Delivers until stopped; it runs in a cluster singleton, so one node delivers at a time.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        await Task.Yield();
        await Task.WhenAll(AllChannels.Select(channel => DeliverLoopAsync(channel, stoppingToken)));
    }

    private Task DeliverLoopAsync(string channel, CancellationToken stoppingToken) =>
        LoopAsync(_channelWake[channel], channel, () => DeliverDueAsync(channel, stoppingToken), stoppingToken);

    /// <summary>Runs <paramref name="pass"/> now, then whenever woken or every poll interval, until stopped; a failed pass is logged and tried again.</summary>
    private async Task LoopAsync(SemaphoreSlim wake, string what, Func<Task> pass, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Guardian notification dispatch ({What}) failed; trying again", what);
            }
            try
            {
                await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The receipts of one notice: per guardian who wants it, per channel, due now or after their quiet hours.</summary>
    internal IEnumerable<DeliveryReceipt> ReceiptsOf(GuardianNotice notice)
    {
        var campus = directory.Find(notice.CampusId);
        var student = directory.Student(notice.CampusId, notice.StudentId);
        var now = time.GetUtcNow();
        var kind = StudentRules.KindName(notice.Kind);
        foreach (var guardianId in notice.GuardianIds.Distinct(StringComparer.Ordinal))
        {
            var guardian = student?.Guardians.FirstOrDefault(g => g.Id == guardianId);
            // The domain only names guardians who want this kind; the manifest may have changed since
            // (a guardian removed from the roster, or who no longer wants this kind, is not told).
            if (guardian is null || !StudentRules.GuardiansFor(student!, notice.Kind).Contains(guardianId))
            {
                logger.LogInformation("Notice {NoticeId} is not delivered to {GuardianId}: not a guardian of {StudentId} who wants {Kind} now",
                    notice.NoticeId, guardianId, notice.StudentId, StudentRules.KindName(notice.Kind));
                continue;
            }
            var language = guardian.Language;
            var due = NoticeTemplates.DeliverAfter(notice, guardian, campus);
            if (due < now) due = now;
            var text = NoticeTemplates.Render(notice, campus, language);
            var at = campus is null ? notice.At : campus.Rules.ToLocal(notice.At);
            foreach (var channel in Channels())
            {
                var id = DeliveryId(notice.NoticeId, guardianId, channel);
                var body = JsonSerializer.Serialize(new GuardianMessage(id, notice.NoticeId, notice.CampusId, notice.StudentId, notice.StudentName,
                    guardianId, guardian.Contact, kind, at, notice.LocationId, language, text), Json);
                yield return new DeliveryReceipt(id, notice.NoticeId, guardianId, channel, notice.CampusId, notice.StudentId, kind, body,
                    DeliveryStatus.Pending, 0, null, now, due, now, null);
            }
        }
    }

    private IEnumerable<string> Channels()
    {
        yield return HubChannel;
        if (webhook.Enabled) yield return WebhookChannel.Name;
    }

    /// <summary>Delivers every receipt of <paramref name="channel"/> due now, one at a time.</summary>
    internal async Task DeliverDueAsync(string channel, CancellationToken cancellationToken)
    {
        while (true)
        {
            var due = await store.DueAsync(channel, time.GetUtcNow(), 100, cancellationToken);
            if (due.Count == 0) return;
            var progressed = false;
            foreach (var receipt in due)
            {
                var (attempts, error) = await DeliverAsync(receipt, cancellationToken);
                var now = time.GetUtcNow();
                var total = receipt.Attempts + attempts;
                if (error is null)
                {
                    await store.MarkDeliveredAsync(receipt.DeliveryId, total, now, cancellationToken);
                    progressed = true;
                    continue;
                }
                var dead = total >= options.Value.MaxAttempts;
                var next = now + RoundDelay(total);
                await store.MarkFailedAsync(receipt.DeliveryId, total, error, dead, next, now, cancellationToken);
                logger.LogWarning("Delivery {DeliveryId} failed ({Attempts} attempts): {Error}{Dead}", receipt.DeliveryId, total, error, dead ? "; dead-lettered" : "");
                progressed |= dead || next > now;
            }
            if (!progressed || due.Count < 100) return;
        }
    }

    /// <summary>The wait before the next round after <paramref name="attempts"/> attempts: RoundDelay doubled per round, at most MaxRoundDelay.</summary>
    private TimeSpan RoundDelay(int attempts)
    {
        var rounds = Math.Max(0, (attempts - 1) / (options.Value.RoundRetries + 1));
        var delay = options.Value.RoundDelay * Math.Pow(2, Math.Min(rounds, 20));
        return delay > options.Value.MaxRoundDelay ? options.Value.MaxRoundDelay : delay;
    }

    private async Task<(int Attempts, string? Error)> DeliverAsync(DeliveryReceipt receipt, CancellationToken cancellationToken)
    {
        switch (receipt.Channel)
        {
            case WebhookChannel.Name when webhook.Enabled:
                return await webhook.DeliverAsync(receipt, cancellationToken);
            case HubChannel when receipt.Kind == Reports.ReportDelivery.Kind:
                // A daily report: to the subscriber's own group, on every node.
                OutputBridges.Publish(system, new ReportPush(CampusHub.UserGroup(receipt.GuardianId), JsonSerializer.Deserialize<Reports.ReportMessage>(receipt.Body, Json)!));
                return (1, null);
            case HubChannel:
                var message = JsonSerializer.Deserialize<GuardianMessage>(receipt.Body, Json)!;
                var view = new NoticeView(message.NoticeId, message.CampusId, message.StudentId, message.StudentName, message.Kind, message.At, message.LocationId, [message.GuardianId]);
                // Published to the bridge on every node: the guardian may be connected to any of them.
                OutputBridges.Publish(system, new GuardianNoticePush(CampusHub.GuardianGroup(message.CampusId, message.GuardianId), view));
                return (1, null);
            default:
                return (1, $"channel {receipt.Channel} is not configured");
        }
    }
}
