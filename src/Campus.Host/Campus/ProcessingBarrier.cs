using Campus.Actors.Hosting;
using Campus.Host.Notifications;
using Campus.Host.Projections;

namespace Campus.Host.Campus;

/// <summary>
/// Waits until everything that has happened so far has had all its effects on this node: every
/// input stored and applied, every tell delivered, every due timer fired (the entities' activity),
/// and the read model and the notification outbox caught up with the journal. The simulated clock
/// waits for it between due instants, so a drill's clock move returns when its consequences are
/// visible.
/// </summary>
public sealed class ProcessingBarrier(CampusEntities entities, ReadModelProjection readModel, NoticeProjection notices)
{
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(30);

    /// <summary>Waits until the entities are idle and the projections have caught up.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await EntitiesIdleAsync(cancellationToken);
        await readModel.CatchUpAsync(ProjectionWait, cancellationToken);
        await notices.CatchUpAsync(ProjectionWait, cancellationToken);
    }

    /// <summary>Waits until the entities are idle (between due instants: the projections may catch up later).</summary>
    public Task EntitiesIdleAsync(CancellationToken cancellationToken) => entities.WhenIdleAsync(cancellationToken);
}
