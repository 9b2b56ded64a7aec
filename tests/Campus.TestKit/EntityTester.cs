using System.Collections.Immutable;
using Campus.Actors;
using Campus.Actors.Entities;

namespace Campus.TestKit;

/// <summary>
/// Drives one entity's behaviour with no runtime and no store: send a message at a time, look at
/// the effects (tells, outputs), fire its timers in order. For pure given / when / then tests of
/// a rule. After every message the state and the timers' messages go through the codec, so a
/// state that would not survive a snapshot fails here first. A message the behaviour defers is
/// kept and handled again after the state next changes, as the hosting does.
/// </summary>
public sealed class EntityTester<TState>
    where TState : class
{
    private readonly EntityBehavior<TState> _behavior;
    private readonly MessageCodec _codec;
    private readonly EntityContext _context = new();
    private readonly SortedDictionary<string, TimerSlot> _timers = new(StringComparer.Ordinal);
    private readonly List<(object Message, DateTimeOffset At)> _deferred = [];
    private long _timerSeq;

    public EntityTester(EntityBehavior<TState> behavior, EntityId id, MessageCodec? codec = null)
    {
        _behavior = behavior;
        _codec = codec ?? CampusCodec.Create();
        Id = id;
        State = behavior.Initial(id);
    }

    /// <summary>The entity under test.</summary>
    public EntityId Id { get; }

    /// <summary>Its current state (may be set to arrange a test).</summary>
    public TState State { get; set; }

    /// <summary>Its pending timers by name: when each is due and what it will deliver.</summary>
    public IReadOnlyDictionary<string, (DateTimeOffset Due, object Message)> Timers =>
        _timers.ToImmutableSortedDictionary(t => t.Key, t => (t.Value.Due, t.Value.Message), StringComparer.Ordinal);

    /// <summary>The messages the behaviour deferred and that wait for its state to change.</summary>
    public IReadOnlyList<object> Deferred => [.. _deferred.Select(d => d.Message)];

    /// <summary>
    /// Handles <paramref name="message"/> as an input that happened at <paramref name="at"/>; when
    /// it changes the state, deferred messages get another try (their effects are included).
    /// </summary>
    public Effects Send(object message, DateTimeOffset at)
    {
        var (effects, changed) = Handle(message, at);
        if (effects.Deferred)
        {
            _deferred.Add((message, at));
            return effects;
        }
        if (!changed) return effects;
        var tells = effects.Tells.ToList();
        var outputs = effects.Outputs.ToList();
        var progress = true;
        while (progress && _deferred.Count > 0)
        {
            progress = false;
            foreach (var waiting in _deferred.ToList())
            {
                var (retried, retriedChanged) = Handle(waiting.Message, waiting.At);
                if (retried.Deferred) continue;
                _deferred.Remove(waiting);
                tells.AddRange(retried.Tells);
                outputs.AddRange(retried.Outputs);
                progress |= retriedChanged;
            }
        }
        return new Effects(tells, outputs);
    }

    private (Effects Effects, bool Changed) Handle(object message, DateTimeOffset at)
    {
        _context.Begin(Id, at, [.. _timers.Values]);
        var next = _behavior.Handle(State, message, _context);
        var changed = !ReferenceEquals(next, State);
        if (_context.Deferred)
        {
            if (changed || _context.Tells.Count > 0 || _context.Outputs.Count > 0 || _context.TimerOps.Count > 0)
                throw new InvalidOperationException($"{_behavior.GetType().Name} deferred {message.GetType().Name} but also changed its state or recorded effects.");
            return (new Effects([], [], Deferred: true), false);
        }
        State = (TState)_codec.DecodeState(_codec.EncodeState(next, typeof(TState)), typeof(TState));
        foreach (var (name, due, timerMessage) in _context.TimerOps)
        {
            if (due is null)
            {
                _timers.Remove(name);
                continue;
            }
            var (type, payload) = _codec.Encode(timerMessage!);
            _timers[name] = new TimerSlot(name, ++_timerSeq, due.Value, _codec.Decode(type, payload));
        }
        return (new Effects([.. _context.Tells], [.. _context.Outputs]), changed);
    }

    /// <summary>Fires every timer due at or before <paramref name="until"/>, earliest first (a timer set while firing fires too if due); returns their effects in order.</summary>
    public Effects AdvanceTo(DateTimeOffset until)
    {
        var tells = new List<(EntityId, object)>();
        var outputs = new List<object>();
        while (true)
        {
            TimerSlot? next = null;
            foreach (var slot in _timers.Values)
            {
                if (slot.Due <= until && (next is null || slot.Due < next.Due || (slot.Due == next.Due && slot.Seq < next.Seq)))
                    next = slot;
            }
            if (next is null) break;
            _timers.Remove(next.Name);
            var effects = Send(next.Message, next.Due);
            tells.AddRange(effects.Tells);
            outputs.AddRange(effects.Outputs);
        }
        return new Effects(tells, outputs);
    }
}

/// <summary>What one or more handled messages did: tells to other entities and outputs, in order; or that the message was deferred.</summary>
public sealed record Effects(IReadOnlyList<(EntityId Target, object Message)> Tells, IReadOnlyList<object> Outputs, bool Deferred = false)
{
    /// <summary>The messages of type <typeparamref name="T"/> told to other entities, with their targets.</summary>
    public IReadOnlyList<(EntityId Target, T Message)> TellsOf<T>() =>
        [.. Tells.Where(t => t.Message is T).Select(t => (t.Target, (T)t.Message))];

    /// <summary>The outputs of type <typeparamref name="T"/>.</summary>
    public IReadOnlyList<T> OutputsOf<T>() => [.. Outputs.OfType<T>()];

    /// <summary>True when nothing was told and nothing emitted.</summary>
    public bool IsEmpty => Tells.Count == 0 && Outputs.Count == 0;
}
