using System.Data.Common;
using Akka.Actor;
using Campus.Actors.Hosting;
using Campus.Actors.Notices;
using Campus.Host.Projections;
using Campus.Host.Storage;
using Microsoft.Extensions.Options;

namespace Campus.Host.Notifications;

/// <summary>
/// The guardian-notification outbox: a projection of the journal that writes, for every
/// <see cref="GuardianNotice"/>, its receipts (one per guardian who wants it and channel) in the
/// same transaction as its offset, then wakes the dispatcher. With notifications turned off it
/// still moves its offset (writing no receipt), so turning them on later does not send the
/// guardians every notice of the past.
/// </summary>
public sealed class NoticeProjection(
    ActorSystem system,
    HostDatabase database,
    NotificationDispatcher dispatcher,
    IOptions<NotificationOptions> options,
    ILogger<NoticeProjection> logger) : JournalProjection("notifications", system, database, logger)
{
    protected override async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return;
        var receipts = Notices(events).SelectMany(dispatcher.ReceiptsOf).ToList();
        if (receipts.Count > 0) await NotificationStore.InsertAsync(connection, transaction, receipts, cancellationToken);
    }

    protected override void OnCommitted(IReadOnlyList<StoredEvent> events)
    {
        if (options.Value.Enabled && Notices(events).Any()) dispatcher.Wake();
    }

    private static IEnumerable<GuardianNotice> Notices(IReadOnlyList<StoredEvent> events) =>
        events.SelectMany(e => e.Outputs).Select(o => o.Output).OfType<GuardianNotice>();

}
