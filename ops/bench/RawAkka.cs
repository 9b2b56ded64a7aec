using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Campus.Bench;

/// <summary>
/// Plain Akka.NET for the baselines: an actor system in a generic host of its own, configured with
/// the same Akka.Hosting building blocks as the product where a baseline needs them
/// (<see cref="CampusPersistence.WithCampusPersistence"/> for the journal settings,
/// <see cref="CampusCluster.WithCampusCluster"/> for a cluster of one), but none of the entity hosting.
/// </summary>
internal sealed class RawNode : IAsyncDisposable
{
    private readonly IHost _host;

    private RawNode(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
    }

    public ActorSystem System { get; }

    public static async Task<RawNode> StartAsync(Action<AkkaConfigurationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka("raw", (akka, _) =>
        {
            akka.AddHocon("akka.loglevel = WARNING\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            configure(akka);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new RawNode(host);
    }

    /// <summary>
    /// A cluster of one with one shard region of <paramref name="entity"/> actors (by entity id),
    /// routed like the campus region (<see cref="CampusMessageExtractor"/>: entity id = target, shard =
    /// campus), nothing passivated. Without <paramref name="store"/> nothing is remembered; with it,
    /// the region is configured like the campus region (persistence on that store, remember-entities
    /// event-sourced).
    /// </summary>
    public static async Task<(RawNode Node, IActorRef Region)> StartShardedAsync(Func<string, Props> entity, CampusStore? store = null)
    {
        var node = await StartAsync(akka =>
        {
            akka.WithCampusCluster(new CampusClusterOptions());
            if (store is not null) akka.WithCampusPersistence(store);
            akka.WithShardRegion<RawRegion>("raw", entity, new CampusMessageExtractor(), store is null
                ? new ShardOptions { RememberEntities = false, StateStoreMode = StateStoreMode.DData, ShouldPassivateIdleEntities = false }
                : new ShardOptions
                {
                    RememberEntities = true,
                    RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                    StateStoreMode = StateStoreMode.Persistence,
                    ShouldPassivateIdleEntities = false,
                });
        });
        var region = await node._host.Services.GetRequiredService<IRequiredActor<RawRegion>>().GetAsync();
        return (node, region);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>The registry key of the baselines' shard region.</summary>
internal sealed class RawRegion;

/// <summary>A message for a raw sharded entity, routed by its target like the hosting's envelopes.</summary>
internal sealed record Touch(EntityId Target) : IEntityEnvelope;

/// <summary>A ball between two raw sharded entities: <see cref="From"/> sent it to <see cref="Target"/>.</summary>
internal sealed record RawBall(EntityId Target, EntityId From) : IEntityEnvelope;

/// <summary>Counts signals and completes when the expected number has arrived.</summary>
internal sealed class Countdown(long expected)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _count;

    public Task Done => _done.Task;

    public long Count => Interlocked.Read(ref _count);

    public void Signal()
    {
        if (Interlocked.Increment(ref _count) == expected) _done.TrySetResult();
    }
}

/// <summary>The bare idle sharded entity: it exists, counts its first message and holds nothing.</summary>
internal sealed class IdleEntity : ReceiveActor
{
    public IdleEntity(Countdown started) => Receive<Touch>(_ => started.Signal());
}

/// <summary>The bare persistent sharded entity: journals one small event for its first message (PersistAsync) and holds nothing else.</summary>
internal sealed class IdlePersistentEntity : ReceivePersistentActor
{
    private static readonly byte[] Payload = new byte[16];

    public IdlePersistentEntity(string persistenceId, Countdown started)
    {
        PersistenceId = persistenceId;
        Command<Touch>(_ => PersistAsync(Payload, _ => started.Signal()));
    }

    public override string PersistenceId { get; }
}

/// <summary>A raw sharded entity that returns the ball through the region until it has been hit <c>limit</c> times (no persistence).</summary>
internal sealed class RawPingEntity : ReceiveActor
{
    private IActorRef? _region;
    private long _hits;

    public RawPingEntity(long limit, Countdown finished) =>
        Receive<RawBall>(ball =>
        {
            if (++_hits < limit)
                (_region ??= ClusterSharding.Get(Context.System).ShardRegion("raw")).Tell(new RawBall(ball.From, ball.Target));
            else
                finished.Signal();
        });
}

/// <summary>Asks a <see cref="RawJournaled"/> actor to journal <see cref="Count"/> events; answered with <see cref="BatchDone"/> once the last is durable.</summary>
internal sealed record PersistBatch(int Count);

internal sealed record BatchDone
{
    public static BatchDone Instance { get; } = new();
}

/// <summary>
/// The minimal persistent actor: journals the same payload for every event asked of it, and nothing
/// else. Like the entity actor, one PersistAsync per event (the journal batches them); with
/// <c>atomic</c>, one PersistAllAsync per batch instead (one atomic write). The payload may be
/// wrapped in <see cref="Akka.Persistence.Journal.Tagged"/> to write a tag row as well.
/// </summary>
internal sealed class RawJournaled : ReceivePersistentActor
{
    public RawJournaled(string persistenceId, object payload, bool atomic = false)
    {
        PersistenceId = persistenceId;
        Command<PersistBatch>(batch =>
        {
            var replyTo = Sender;
            if (atomic)
            {
                var written = 0;
                PersistAllAsync(Enumerable.Repeat(payload, batch.Count), _ =>
                {
                    if (++written == batch.Count) replyTo.Tell(BatchDone.Instance);
                });
                return;
            }
            for (var i = 0; i < batch.Count; i++)
            {
                var last = i == batch.Count - 1;
#pragma warning disable AK1006 // one write per event on purpose: the entity actor persists each input on its own
                PersistAsync(payload, _ =>
                {
                    if (last) replyTo.Tell(BatchDone.Instance);
                });
#pragma warning restore AK1006
            }
        });
    }

    public override string PersistenceId { get; }
}
