using Campus.Actors.Entities;

namespace Campus.Actors.Visitors;

/// <summary>The state of one visit (skeleton: filled in by the visitor rules).</summary>
public sealed record VisitState(string Code);

/// <summary>One visit, <c>visit/{campus}/{code}</c>.</summary>
public sealed class VisitBehavior : EntityBehavior<VisitState>
{
    public override string Kind => "visit";

    public override VisitState Initial(EntityId id) => new(id.Key);

    public override VisitState Handle(VisitState state, object message, EntityContext context) => state;
}
