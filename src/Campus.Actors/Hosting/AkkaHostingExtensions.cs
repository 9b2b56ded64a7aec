using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Hosting;

namespace Campus.Actors.Hosting;

/// <summary>The Akka.Hosting building blocks of the entity hosting; the host chains them in one place.</summary>
public static class AkkaHostingExtensions
{
    /// <summary>
    /// Registers the campus serializer and starts the campus shard region: one region for every
    /// entity kind, one shard per campus, remember-entities (event-sourced, so entities with timers
    /// come back after a restart or a hand-off) and <see cref="StopEntity"/> as the hand-off stop.
    /// </summary>
    public static AkkaConfigurationBuilder WithCampusEntities(this AkkaConfigurationBuilder builder, EntityHost host, string? role = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        builder.WithCustomSerializer("campus", CampusSerializer.BoundTypes, system => new CampusSerializer(system, host.Codec));
        // A region registers with the coordinator (and asks for a shard's home) again after retry-interval:
        // 2 s by default, which a first scan after a start would wait for.
        builder.AddHocon("akka.cluster.sharding.retry-interval = 200ms", HoconAddMode.Prepend);
        return builder.WithShardRegion<CampusRegion>(
            host.Options.RegionName,
            (system, _, _) =>
            {
                if (host.Outputs is PubSubOutputSink pubSub) pubSub.Attach(system);
                return entityId => EntityActor.Props(entityId, host);
            },
            new CampusMessageExtractor(),
            new ShardOptions
            {
                Role = role,
                RememberEntities = host.Options.RememberEntities,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                StateStoreMode = StateStoreMode.Persistence,
                HandOffStopMessage = StopEntity.Instance,
            });
    }

    /// <summary>Tags journaled events that carry outputs (<see cref="EntityEvent.OutputsTag"/>), for the projections; call on the journal's builder.</summary>
    public static AkkaPersistenceJournalBuilder WithCampusTags(this AkkaPersistenceJournalBuilder journal) =>
        journal.AddWriteEventAdapter<OutputsTagger>("campus-outputs", [typeof(EntityEvent)]);
}
