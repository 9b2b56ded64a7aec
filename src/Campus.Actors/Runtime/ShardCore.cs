using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Campus.Actors.Runtime;

/// <summary>
/// The deterministic heart of a shard: its resident entities, their timers, and the in-order
/// delivery of one input plus every tell it causes. No I/O here except loading a passivated
/// entity through <see cref="EntityLoader"/>; the <see cref="ShardRunner"/> around it reads the
/// log, fires timers and writes checkpoints.
/// </summary>
internal sealed class ShardCore
{
    private readonly Dictionary<EntityId, EntityCell> _cells = [];
    /// <summary>Passivated entities, each with the timers it had pending (null: none), so a stale timer of one is never appended.</summary>
    private readonly Dictionary<EntityId, List<TimerSlot>?> _passivated = [];
    private readonly PriorityQueue<TimerRef, (long Due, long Order)> _timerQueue = new();
    private readonly Queue<(EntityId Target, object Message)> _tells = new();
    private readonly List<EntityCell> _dirty = [];
    private readonly List<EntityOutput> _outputs = [];
    private readonly List<LogAppend> _outbound = [];
    private readonly EntityContext _context = new();
    private readonly IReadOnlyDictionary<string, EntityBehavior> _behaviors;
    private readonly MessageCodec _codec;
    private readonly ShardMap _map;
    private readonly Action<EntityOutput> _publish;
    private readonly ILogger _logger;
    private long _timerOrder;
    private long _inputCount;
    private long _offset;
    private int _outputIndex;
    private int _outboundIndex;

    public ShardCore(int shard, IReadOnlyDictionary<string, EntityBehavior> behaviors, MessageCodec codec, ShardMap map, Action<EntityOutput> publish, ILogger logger)
    {
        Id = shard;
        _behaviors = behaviors;
        _codec = codec;
        _map = map;
        _publish = publish;
        _logger = logger;
    }

    /// <summary>Loads a passivated entity's snapshot from the store.</summary>
    public Func<EntityId, ValueTask<EntitySnapshot?>>? EntityLoader { get; set; }

    public SnapshotCodec Snapshots => new(_codec);

    public int Id { get; }

    /// <summary>The offset of the last input applied.</summary>
    public long Position { get; set; }

    public int ResidentCount => _cells.Count;

    public int PassivatedCount => _passivated.Count;

    public bool HasChanges => _dirty.Count > 0 || _outputs.Count > 0;

    public IReadOnlyList<EntityCell> Dirty => _dirty;

    public IReadOnlyList<EntityOutput> PendingOutputs => _outputs;

    public List<LogAppend> Outbound => _outbound;

    /// <summary>Puts a restored entity in memory and its timers in the timer queue.</summary>
    public void Restore(EntityCell cell)
    {
        _cells[cell.Id] = cell;
        _passivated.Remove(cell.Id);
        if (cell.Timers is null) return;
        foreach (var slot in cell.Timers) ScheduleTimer(cell.Id, slot);
    }

    /// <summary>Forgets every resident entity, timer and pending effect (before a reload).</summary>
    public void Reset()
    {
        _cells.Clear();
        _passivated.Clear();
        _timerQueue.Clear();
        _tells.Clear();
        _dirty.Clear();
        _outputs.Clear();
        _outbound.Clear();
        _inputCount = 0;
    }

    /// <summary>Applies one log entry and every same-shard tell it causes, in order.</summary>
    public async ValueTask ApplyAsync(LogEntry entry)
    {
        Position = entry.Offset;
        BeginInput(entry.Offset);
        object message;
        EntityId target;
        try
        {
            message = _codec.Decode(entry.MessageType, entry.Payload);
            target = EntityId.Parse(entry.EntityId);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            _logger.LogError(ex, "Shard {Shard}: log entry {Offset} cannot be decoded; it is skipped", Id, entry.Offset);
            return;
        }

        var now = new DateTimeOffset(entry.OccurredAt, TimeSpan.Zero);
        var cell = await GetCellAsync(target).ConfigureAwait(false);
        if (cell is null) return;
        if (message is TimerFired fired)
        {
            var slot = cell.FindTimer(fired.Name, fired.Seq);
            if (slot is null) return; // cancelled or replaced since it was appended
            cell.RemoveTimer(slot.Name);
            MarkDirty(cell);
            message = slot.Message;
            now = new DateTimeOffset(slot.DueTicks, TimeSpan.Zero);
        }
        Invoke(cell, message, now);
        await DrainTellsAsync(now).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers a message straight to an entity with no log: for the in-memory benchmark and
    /// for tests of behaviours. Same semantics as a log input at <paramref name="now"/>.
    /// </summary>
    public void DeliverInMemory(EntityId target, object message, DateTimeOffset now) => DeliverInMemory([(target, message)], now);

    /// <summary>
    /// Delivers several messages at once with no log and runs until every tell they cause is
    /// delivered: many messages in flight, interleaved in FIFO order. Entities must be resident
    /// or new (no passivated entity is loaded on this path).
    /// </summary>
    public void DeliverInMemory(IEnumerable<(EntityId Target, object Message)> messages, DateTimeOffset now)
    {
        BeginInput(Position);
        foreach (var message in messages) _tells.Enqueue(message);
        while (_tells.TryDequeue(out var tell))
        {
            var cell = GetResidentOrNew(tell.Target);
            if (cell is not null) Invoke(cell, tell.Message, now);
        }
    }

    /// <summary>
    /// The timers of the earliest due instant not after <paramref name="nowTicks"/>, taken off the
    /// queue and ordered by their event ids. One instant at a time: a timer set by applying these
    /// may be due before the next pending one, so the log gets the same timer inputs in the same
    /// order however far the clock jumped between two looks at it.
    /// </summary>
    public List<(TimerFired Fired, long DueTicks)> TakeDueTimers(long nowTicks)
    {
        var due = new List<(TimerFired Fired, long DueTicks)>();
        while (_timerQueue.TryPeek(out var timer, out var priority) && priority.Due <= nowTicks
            && (due.Count == 0 || priority.Due == due[0].DueTicks))
        {
            _timerQueue.Dequeue();
            if (_cells.TryGetValue(timer.Entity, out var cell))
            {
                if (cell.FindTimer(timer.Name, timer.Seq) is null) continue; // stale: fired, cancelled or replaced
            }
            else if (!_passivated.TryGetValue(timer.Entity, out var pending) || pending?.Exists(t => t.Seq == timer.Seq && t.Name == timer.Name) != true)
            {
                continue; // not known here, or stale when the entity was passivated
            }
            due.Add((new TimerFired(timer.Entity.ToString(), timer.Name, timer.Seq), priority.Due));
        }
        // Same-instant timers in a fixed order, not in the order they were set (which a recovery does not keep).
        due.Sort(static (a, b) => string.CompareOrdinal(a.Fired.EventId, b.Fired.EventId));
        return due;
    }

    /// <summary>Puts timers back after their firing could not be appended.</summary>
    public void ReturnTimers(IEnumerable<(TimerFired Fired, long DueTicks)> timers)
    {
        foreach (var (fired, due) in timers)
            _timerQueue.Enqueue(new TimerRef(EntityId.Parse(fired.Entity), fired.Name, fired.Seq), (due, _timerOrder++));
    }

    /// <summary>The due time of the earliest pending timer, if any.</summary>
    public long? NextTimerDue => _timerQueue.TryPeek(out _, out var priority) ? priority.Due : null;

    /// <summary>Marks everything written by a checkpoint as clean.</summary>
    public void CheckpointWritten()
    {
        foreach (var cell in _dirty) cell.Dirty = false;
        _dirty.Clear();
        _outputs.Clear();
    }

    /// <summary>Drops clean entities idle for <paramref name="idleInputs"/> inputs from memory.</summary>
    public int PassivateIdle(int idleInputs)
    {
        if (idleInputs <= 0 || _dirty.Count > 0) return 0;
        var threshold = _inputCount - idleInputs;
        if (threshold <= 0) return 0;
        List<EntityId>? idle = null;
        foreach (var (id, cell) in _cells)
        {
            if (cell.LastTouched < threshold) (idle ??= []).Add(id);
        }
        if (idle is null) return 0;
        foreach (var id in idle)
        {
            _passivated[id] = _cells[id].Timers;
            _cells.Remove(id);
        }
        return idle.Count;
    }

    /// <summary>Passivates one clean entity now (tests, and entities that ask for it).</summary>
    public bool Passivate(EntityId id)
    {
        if (!_cells.TryGetValue(id, out var cell) || cell.Dirty) return false;
        _cells.Remove(id);
        _passivated[id] = cell.Timers;
        return true;
    }

    public bool IsResident(EntityId id) => _cells.ContainsKey(id);

    /// <summary>The current state of a resident entity (tests and diagnostics).</summary>
    public object? PeekState(EntityId id) => _cells.TryGetValue(id, out var cell) ? cell.State : null;

    private void BeginInput(long offset)
    {
        _offset = offset;
        _outputIndex = 0;
        _outboundIndex = 0;
        _inputCount++;
    }

    private async ValueTask DrainTellsAsync(DateTimeOffset now)
    {
        while (_tells.TryDequeue(out var tell))
        {
            var cell = await GetCellAsync(tell.Target).ConfigureAwait(false);
            if (cell is not null) Invoke(cell, tell.Message, now);
        }
    }

    private ValueTask<EntityCell?> GetCellAsync(EntityId id)
    {
        if (_cells.TryGetValue(id, out var cell)) return ValueTask.FromResult<EntityCell?>(cell);
        if (_passivated.ContainsKey(id)) return ReactivateAsync(id);
        return ValueTask.FromResult(GetResidentOrNew(id));
    }

    private async ValueTask<EntityCell?> ReactivateAsync(EntityId id)
    {
        _passivated.Remove(id);
        var behavior = _behaviors[id.Kind];
        var snapshot = EntityLoader is null ? null : await EntityLoader(id).ConfigureAwait(false);
        var cell = snapshot is null
            ? new EntityCell(id, behavior, behavior.CreateInitial(id))
            : Snapshots.FromSnapshot(snapshot, behavior, id);
        Restore(cell);
        return cell;
    }

    private EntityCell? GetResidentOrNew(EntityId id)
    {
        if (_cells.TryGetValue(id, out var cell)) return cell;
        if (!_behaviors.TryGetValue(id.Kind, out var behavior))
        {
            _logger.LogWarning("Shard {Shard}: no behaviour for entity kind {Kind}; message dropped", Id, id.Kind);
            return null;
        }
        cell = new EntityCell(id, behavior, behavior.CreateInitial(id));
        _cells.Add(id, cell);
        return cell;
    }

    private void Invoke(EntityCell cell, object message, DateTimeOffset now)
    {
        _context.Begin(cell.Id, now, cell.Timers);
        object next;
        try
        {
            next = cell.Behavior.Receive(cell.State, message, _context);
        }
        catch (Exception ex)
        {
            // A failing handler leaves no effects; replay fails the same way, so the log stays exact.
            _logger.LogError(ex, "Shard {Shard}: entity {Entity} failed on {Message} at offset {Offset}; effects discarded",
                Id, cell.Id, message.GetType().Name, _offset);
            return;
        }
        cell.LastTouched = _inputCount;
        if (!ReferenceEquals(next, cell.State))
        {
            cell.State = next;
            MarkDirty(cell);
        }
        if (_context.TimerOps.Count > 0) ApplyTimerOps(cell);
        foreach (var (target, msg) in _context.Tells)
        {
            if (ReferenceEquals(target.Campus, cell.Id.Campus) || target.Campus == cell.Id.Campus || _map.ShardOf(target) == Id)
            {
                _tells.Enqueue((target, msg));
            }
            else
            {
                var (type, payload) = _codec.Encode(msg);
                var eventId = string.Create(CultureInfo.InvariantCulture, $"{Id}-{_offset}-{_outboundIndex++}");
                _outbound.Add(new LogAppend(_map.ShardOf(target), "shard", eventId, target.ToString(), type, payload, now.UtcTicks));
            }
        }
        foreach (var output in _context.Outputs)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{Id}-{_offset}-{_outputIndex++}");
            var published = new EntityOutput(id, cell.Id, output, now);
            _outputs.Add(published);
            _publish(published);
        }
    }

    private void ApplyTimerOps(EntityCell cell)
    {
        foreach (var (name, due, message) in _context.TimerOps)
        {
            cell.RemoveTimer(name);
            if (due is { } at && message is not null)
            {
                var slot = new TimerSlot(name, ++cell.TimerSeq, at.UtcTicks, message);
                (cell.Timers ??= []).Add(slot);
                ScheduleTimer(cell.Id, slot);
            }
        }
        MarkDirty(cell);
    }

    private void ScheduleTimer(EntityId entity, TimerSlot slot) =>
        _timerQueue.Enqueue(new TimerRef(entity, slot.Name, slot.Seq), (slot.DueTicks, _timerOrder++));

    private void MarkDirty(EntityCell cell)
    {
        if (cell.Dirty) return;
        cell.Dirty = true;
        _dirty.Add(cell);
    }

    private readonly record struct TimerRef(EntityId Entity, string Name, long Seq);
}
