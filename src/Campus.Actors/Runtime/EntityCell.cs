namespace Campus.Actors.Runtime;

/// <summary>A resident entity: its behaviour, its current state and its pending timers.</summary>
internal sealed class EntityCell(EntityId id, EntityBehavior behavior, object state)
{
    public EntityId Id { get; } = id;

    public EntityBehavior Behavior { get; } = behavior;

    public object State { get; set; } = state;

    /// <summary>Pending timers; null when there are none (most entities), to keep idle entities small.</summary>
    public List<TimerSlot>? Timers { get; set; }

    /// <summary>The entity's last timer sequence number; each setting of a timer takes the next.</summary>
    public long TimerSeq { get; set; }

    /// <summary>True when the state or timers changed since the last checkpoint.</summary>
    public bool Dirty { get; set; }

    /// <summary>The shard's input count when the entity last handled a message (for passivation).</summary>
    public long LastTouched { get; set; }

    public TimerSlot? FindTimer(string name, long seq)
    {
        if (Timers is null) return null;
        foreach (var slot in Timers)
        {
            if (slot.Seq == seq && slot.Name == name) return slot;
        }
        return null;
    }

    public void RemoveTimer(string name)
    {
        if (Timers is null) return;
        Timers.RemoveAll(t => t.Name == name);
        if (Timers.Count == 0) Timers = null;
    }
}
