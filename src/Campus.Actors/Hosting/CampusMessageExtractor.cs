using Akka.Cluster.Sharding;

namespace Campus.Actors.Hosting;

/// <summary>
/// Routes by what a message is about: the entity id is the envelope's target (<c>kind/campus/key</c>)
/// and the shard id is its campus, so every entity of a campus lives in one shard on one node and a
/// scan's path (device, gate, student, alert) stays in memory there.
/// </summary>
public sealed class CampusMessageExtractor : IMessageExtractor
{
    public string? EntityId(object message) => message switch
    {
        IEntityEnvelope envelope => envelope.Target.ToString(),
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    [Obsolete("Akka calls ShardId(entityId, message); kept for the interface.")]
    public string? ShardId(object message) => message switch
    {
        IEntityEnvelope envelope => envelope.Target.Campus,
        _ => null,
    };

    public string ShardId(string entityId, object? messageHint = null) =>
        messageHint is IEntityEnvelope envelope ? envelope.Target.Campus
        : Entities.EntityId.TryParse(entityId, out var id) ? id.Campus
        : entityId;
}
