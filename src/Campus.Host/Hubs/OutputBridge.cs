using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Campus.Actors.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Campus.Host.Hubs;

/// <summary>Something on this node that reacts to live outputs (the hub notifier, the notification dispatcher's wake-up).</summary>
public interface IOutputListener
{
    /// <summary>Called for every output published in the cluster; keep it quick (hand off to a queue).</summary>
    void OnOutput(EntityOutput output);
}

/// <summary>A guardian notice for the hub group <paramref name="Group"/>, published by the delivery job to every node.</summary>
public sealed record GuardianNoticePush(string Group, NoticeView Notice);

/// <summary>A closed daily report for an account's hub group, published by the delivery job to every node.</summary>
public sealed record ReportPush(string Group, Reports.ReportMessage Report);

/// <summary>
/// The bridge on every node: subscribed to the entities' output topic and the guardian notice
/// topic on Akka's DistributedPubSub, it hands each output to this node's listeners and each
/// guardian notice to this node's SignalR group, so a client sees what happens on any node.
/// </summary>
public sealed class OutputBridge : ReceiveActor
{
    /// <summary>The topic guardian notices for the hub are published on.</summary>
    public const string NoticeTopic = "campus-guardian-notices";

    public OutputBridge(IEnumerable<IOutputListener> listeners, IHubContext<CampusHub, IConsoleClient> hub)
    {
        var all = listeners.ToArray();
        Receive<EntityOutput>(output =>
        {
            foreach (var listener in all) listener.OnOutput(output);
        });
        Receive<GuardianNoticePush>(push => hub.Clients.Group(push.Group).Notice(push.Notice));
        Receive<ReportPush>(push => hub.Clients.Group(push.Group).Report(push.Report));
        Receive<SubscribeAck>(_ => { });
    }

    public static Props Props(IEnumerable<IOutputListener> listeners, IHubContext<CampusHub, IConsoleClient> hub) =>
        global::Akka.Actor.Props.Create(() => new OutputBridge(listeners, hub));
}

/// <summary>Starts the bridge on a node, and publishes guardian notices to the bridges of all nodes.</summary>
public static class OutputBridges
{
    /// <summary>Starts this node's bridge and subscribes it to both topics.</summary>
    public static IActorRef Start(ActorSystem system, IEnumerable<IOutputListener> listeners, IHubContext<CampusHub, IConsoleClient> hub)
    {
        var bridge = system.ActorOf(OutputBridge.Props(listeners, hub), "output-bridge");
        PubSubOutputSink.Subscribe(system, bridge);
        DistributedPubSub.Get(system).Mediator.Tell(new Subscribe(OutputBridge.NoticeTopic, bridge));
        return bridge;
    }

    /// <summary>Sends <paramref name="push"/> to the guardian's group on every node.</summary>
    public static void Publish(ActorSystem system, GuardianNoticePush push) =>
        DistributedPubSub.Get(system).Mediator.Tell(new Publish(OutputBridge.NoticeTopic, push));

    /// <summary>Sends <paramref name="push"/> to the account's group on every node.</summary>
    public static void Publish(ActorSystem system, ReportPush push) =>
        DistributedPubSub.Get(system).Mediator.Tell(new Publish(OutputBridge.NoticeTopic, push));
}
