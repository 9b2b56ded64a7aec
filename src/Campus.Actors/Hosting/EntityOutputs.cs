using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Campus.Actors.Hosting;

/// <summary>
/// Publishes every output on Akka's DistributedPubSub topic <see cref="Topic"/>, to which a bridge
/// on every node subscribes (the hub notifier, test probes). Best effort: the read side is built
/// from the journal, not from this stream.
/// </summary>
public sealed class PubSubOutputSink : IEntityOutputSink
{
    /// <summary>The topic outputs are published on.</summary>
    public const string Topic = "campus-outputs";

    private IActorRef? _mediator;

    /// <summary>Connects the sink to the actor system (done when the region starts).</summary>
    public void Attach(ActorSystem system) => _mediator = DistributedPubSub.Get(system).Mediator;

    public void Publish(EntityOutput output) => _mediator?.Tell(new Publish(Topic, output));

    /// <summary>Subscribes <paramref name="subscriber"/> to every output (it receives <see cref="EntityOutput"/> messages).</summary>
    public static void Subscribe(ActorSystem system, IActorRef subscriber) =>
        DistributedPubSub.Get(system).Mediator.Tell(new Subscribe(Topic, subscriber));
}
