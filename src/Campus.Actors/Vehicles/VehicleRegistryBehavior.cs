using Campus.Actors.Entities;

namespace Campus.Actors.Vehicles;

/// <summary>The state of a campus vehicle registry (skeleton).</summary>
public sealed record VehicleRegistryState(string CampusId);

/// <summary>The campus vehicle registry, <c>vehicles/{campus}/registry</c>.</summary>
public sealed class VehicleRegistryBehavior : EntityBehavior<VehicleRegistryState>
{
    public override string Kind => "vehicles";

    public override VehicleRegistryState Initial(EntityId id) => new(id.Campus);

    public override VehicleRegistryState Handle(VehicleRegistryState state, object message, EntityContext context) => state;
}
