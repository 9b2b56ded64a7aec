using Akka.Actor;
using Campus.Actors.Hosting;

namespace Campus.Host.Hubs;

/// <summary>Something on this node that reacts to live outputs (the hub notifier, the notification dispatcher's wake-up).</summary>
public interface IOutputListener
{
    /// <summary>Called for every output published in the cluster; keep it quick (hand off to a queue).</summary>
    void OnOutput(EntityOutput output);
}

/// <summary>
/// The bridge on every node: subscribed to the entities' output topic on Akka's DistributedPubSub,
/// it hands each output to this node's listeners, which push it to this node's SignalR groups.
/// </summary>
public sealed class OutputBridge : ReceiveActor
{
    public OutputBridge(IEnumerable<IOutputListener> listeners)
    {
        var all = listeners.ToArray();
        Receive<EntityOutput>(output =>
        {
            foreach (var listener in all) listener.OnOutput(output);
        });
    }

    public static Props Props(IEnumerable<IOutputListener> listeners) => global::Akka.Actor.Props.Create(() => new OutputBridge(listeners));
}
