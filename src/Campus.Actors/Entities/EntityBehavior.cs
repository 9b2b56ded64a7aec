namespace Campus.Actors.Entities;

/// <summary>
/// The behaviour of one kind of entity. An entity is a thin shell: the runtime keeps its state
/// and hands each message to <see cref="EntityBehavior{TState}.Handle"/>, which returns the new
/// state and records its effects (tells, outputs, timers) on the context.
/// </summary>
public abstract class EntityBehavior
{
    /// <summary>The kind this behaviour serves: the first part of an entity id.</summary>
    public abstract string Kind { get; }

    internal abstract Type StateType { get; }

    internal abstract object CreateInitial(EntityId id);

    internal abstract object Receive(object state, object message, EntityContext context);
}

/// <summary>A behaviour whose state is an immutable <typeparamref name="TState"/>.</summary>
public abstract class EntityBehavior<TState> : EntityBehavior
    where TState : class
{
    internal sealed override Type StateType => typeof(TState);

    /// <summary>The state of an entity that has never received a message.</summary>
    public abstract TState Initial(EntityId id);

    /// <summary>
    /// Decides what a message does: returns the new state (or the same instance when nothing
    /// changed) and records effects on <paramref name="context"/>. Must be deterministic: time
    /// comes only from <see cref="EntityContext.Now"/>; no clock, random source or I/O.
    /// </summary>
    public abstract TState Handle(TState state, object message, EntityContext context);

    internal sealed override object CreateInitial(EntityId id) => Initial(id);

    internal sealed override object Receive(object state, object message, EntityContext context) =>
        Handle((TState)state, message, context);
}
