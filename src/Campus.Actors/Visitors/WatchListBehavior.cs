using Campus.Actors.Entities;

namespace Campus.Actors.Visitors;

/// <summary>The state of a campus watch list (skeleton).</summary>
public sealed record WatchListState(string CampusId);

/// <summary>The campus watch list, <c>watchlist/{campus}/list</c>.</summary>
public sealed class WatchListBehavior : EntityBehavior<WatchListState>
{
    public override string Kind => "watchlist";

    public override WatchListState Initial(EntityId id) => new(id.Campus);

    public override WatchListState Handle(WatchListState state, object message, EntityContext context) => state;
}
