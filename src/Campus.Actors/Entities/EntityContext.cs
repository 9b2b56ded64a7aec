namespace Campus.Actors.Entities;

/// <summary>
/// What an entity may do while it handles a message: read the input's time, tell other
/// entities, emit outputs, set and cancel its own timers. Effects are buffered and applied only
/// when the handler returns, so a handler that throws leaves no trace.
/// </summary>
public sealed class EntityContext
{
    private readonly List<(EntityId Target, object Message)> _tells = [];
    private readonly List<object> _outputs = [];
    private readonly List<(string Name, DateTimeOffset? Due, object? Message)> _timerOps = [];
    private IReadOnlyList<TimerSlot>? _timers;

    internal EntityContext()
    {
    }

    /// <summary>The entity handling the message.</summary>
    public EntityId Self { get; private set; } = null!;

    /// <summary>The time of the input being handled: the event's time, or a timer's due time.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>Sends a message to another entity once this handler's effects are durable. The
    /// receiver hears it at least once and drops repeats, so it acts on it exactly once.</summary>
    public void Tell(EntityId target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        _tells.Add((target, message));
    }

    /// <summary>Emits an output (an alert change, a notice...). It is stored with the input that
    /// caused it, under an id that replay reproduces, and then pushed to live subscribers.</summary>
    public void Emit(object output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _outputs.Add(output);
    }

    /// <summary>Sets (or replaces) the timer <paramref name="name"/>: at <paramref name="due"/> the
    /// entity receives <paramref name="message"/>, with <see cref="Now"/> equal to <paramref name="due"/>.</summary>
    public void SetTimer(string name, DateTimeOffset due, object message)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(message);
        _timerOps.Add((name, due, message));
    }

    /// <summary>
    /// Not now: the entity cannot act on this message yet (it is not configured, say). The message
    /// is kept, durably, and handled again after the entity's state next changes; the handler must
    /// return the state it was given and record no other effect.
    /// </summary>
    public void Defer() => Deferred = true;

    /// <summary>Cancels the timer <paramref name="name"/> if it is set.</summary>
    public void CancelTimer(string name) => _timerOps.Add((name, null, null));

    /// <summary>True when the timer <paramref name="name"/> is set (including changes made by this handler).</summary>
    public bool HasTimer(string name)
    {
        for (var i = _timerOps.Count - 1; i >= 0; i--)
        {
            if (_timerOps[i].Name == name) return _timerOps[i].Due is not null;
        }
        if (_timers is null) return false;
        foreach (var slot in _timers)
        {
            if (slot.Name == name) return true;
        }
        return false;
    }

    internal bool Deferred { get; private set; }

    internal List<(EntityId Target, object Message)> Tells => _tells;

    internal List<object> Outputs => _outputs;

    internal List<(string Name, DateTimeOffset? Due, object? Message)> TimerOps => _timerOps;

    internal void Begin(EntityId self, DateTimeOffset now, IReadOnlyList<TimerSlot>? timers)
    {
        Self = self;
        Now = now;
        _timers = timers;
        _tells.Clear();
        _outputs.Clear();
        _timerOps.Clear();
        Deferred = false;
    }
}
