using System.Collections.Immutable;
using Campus.Actors.Entities;

namespace Campus.TestKit;

/// <summary>Small entity kinds that exercise the runtime in tests, the crash driver and benchmarks.</summary>
public static class Samples
{
    /// <summary>A codec with every sample message and output registered.</summary>
    public static MessageCodec Codec() => new MessageCodec()
        .Register<Add>("sample.add")
        .Register<Added>("sample.added")
        .Register<Forward>("sample.forward")
        .Register<SetAlarm>("sample.set-alarm")
        .Register<CancelAlarm>("sample.cancel-alarm")
        .Register<Ring>("sample.ring")
        .Register<Rang>("sample.rang")
        .Register<Ball>("sample.ball")
        .Register<Boom>("sample.boom")
        .Register<Open>("sample.open");

    /// <summary>Every sample behaviour.</summary>
    public static EntityBehavior[] Behaviors() => [new CounterBehavior(), new AlarmBehavior(), new PingBehavior(), new FragileBehavior(), new GatedBehavior()];
}

/// <summary>Adds one to a counter; the counter emits <see cref="Added"/>.</summary>
public sealed record Add(string Tag);

/// <summary>A counter counted <see cref="Tag"/>; <see cref="Count"/> is the count after it.</summary>
public sealed record Added(string Tag, long Count);

/// <summary>Tells <see cref="Target"/> to <see cref="Add"/> (a tell between entities).</summary>
public sealed record Forward(string Target, string Tag);

/// <summary>The state of a counter.</summary>
public sealed record CounterState(long Count);

/// <summary><c>counter/{campus}/{key}</c>: counts <see cref="Add"/> and forwards.</summary>
public sealed class CounterBehavior : EntityBehavior<CounterState>
{
    private static readonly CounterState Zero = new(0);

    public override string Kind => "counter";

    public override CounterState Initial(EntityId id) => Zero;

    public override CounterState Handle(CounterState state, object message, EntityContext context)
    {
        switch (message)
        {
            case Add add:
                var next = new CounterState(state.Count + 1);
                context.Emit(new Added(add.Tag, next.Count));
                return next;
            case Forward forward:
                context.Tell(EntityId.Parse(forward.Target), new Add(forward.Tag));
                return state;
            default:
                return state;
        }
    }
}

/// <summary>Sets the alarm <see cref="Name"/> to ring at <see cref="At"/>; when it rings it sets <see cref="Then"/>, if any.</summary>
public sealed record SetAlarm(string Name, DateTimeOffset At, SetAlarm? Then = null);

/// <summary>Cancels the alarm <see cref="Name"/>.</summary>
public sealed record CancelAlarm(string Name);

/// <summary>The timer message of an alarm (with the alarm to set when it rings).</summary>
public sealed record Ring(string Name, SetAlarm? Then = null);

/// <summary>An alarm rang at <see cref="At"/> (the entity's view of time).</summary>
public sealed record Rang(string Name, DateTimeOffset At);

/// <summary>The state of an alarm clock: how many times it rang.</summary>
public sealed record AlarmState(int Rings, ImmutableList<string> History);

/// <summary><c>alarm/{campus}/{key}</c>: durable timers.</summary>
public sealed class AlarmBehavior : EntityBehavior<AlarmState>
{
    public override string Kind => "alarm";

    public override AlarmState Initial(EntityId id) => new(0, []);

    public override AlarmState Handle(AlarmState state, object message, EntityContext context)
    {
        switch (message)
        {
            case SetAlarm set:
                context.SetTimer(set.Name, set.At, new Ring(set.Name, set.Then));
                return state;
            case CancelAlarm cancel:
                context.CancelTimer(cancel.Name);
                return state;
            case Ring ring:
                context.Emit(new Rang(ring.Name, context.Now));
                if (ring.Then is { } then) context.SetTimer(then.Name, then.At, new Ring(then.Name, then.Then));
                return state with { Rings = state.Rings + 1, History = state.History.Add(ring.Name) };
            default:
                return state;
        }
    }
}

/// <summary>A ball bounced between two entities; the same instance travels the whole rally.</summary>
public sealed record Ball(EntityId Left, EntityId Right);

/// <summary>The state of a ping entity: how many balls it received.</summary>
public sealed class PingState
{
    public long Hits { get; set; }
}

/// <summary><c>ping/{campus}/{key}</c>: returns the ball until it has been hit <see cref="Limit"/> times, for the in-memory messaging benchmark.</summary>
/// <remarks>Its state is mutated in place and the ball is reused, so the benchmark measures
/// messaging rather than allocation; domain entities use immutable records.</remarks>
public sealed class PingBehavior(long limit = long.MaxValue) : EntityBehavior<PingState>
{
    public long Limit { get; } = limit;

    public override string Kind => "ping";

    public override PingState Initial(EntityId id) => new();

    public override PingState Handle(PingState state, object message, EntityContext context)
    {
        if (message is Ball ball)
        {
            state.Hits++;
            if (state.Hits < Limit) context.Tell(ReferenceEquals(context.Self, ball.Left) || context.Self == ball.Left ? ball.Right : ball.Left, ball);
        }
        return state;
    }
}

/// <summary>A message the fragile behaviour cannot handle (its handler throws).</summary>
public sealed record Boom(string Why);

/// <summary>Opens a gated entity: messages it deferred are handled from then on.</summary>
public sealed record Open;

/// <summary><c>fragile/{campus}/{key}</c>: counts <see cref="Add"/> like a counter, and throws on <see cref="Boom"/>.</summary>
public sealed class FragileBehavior : EntityBehavior<CounterState>
{
    public override string Kind => "fragile";

    public override CounterState Initial(EntityId id) => new(0);

    public override CounterState Handle(CounterState state, object message, EntityContext context)
    {
        switch (message)
        {
            case Boom boom:
                throw new InvalidOperationException(boom.Why);
            case Add add:
                var next = new CounterState(state.Count + 1);
                context.Emit(new Added(add.Tag, next.Count));
                return next;
            default:
                return state;
        }
    }
}

/// <summary>The state of a gated counter: open or not, and its count.</summary>
public sealed record GatedState(bool IsOpen, long Count);

/// <summary><c>gated/{campus}/{key}</c>: defers <see cref="Add"/> until it is <see cref="Open"/>ed, then counts (like an entity waiting for its configuration).</summary>
public sealed class GatedBehavior : EntityBehavior<GatedState>
{
    public override string Kind => "gated";

    public override GatedState Initial(EntityId id) => new(false, 0);

    public override GatedState Handle(GatedState state, object message, EntityContext context)
    {
        switch (message)
        {
            case Open when !state.IsOpen:
                return state with { IsOpen = true };
            case Add when !state.IsOpen:
                context.Defer();
                return state;
            case Add add:
                var next = state with { Count = state.Count + 1 };
                context.Emit(new Added(add.Tag, next.Count));
                return next;
            default:
                return state;
        }
    }
}
