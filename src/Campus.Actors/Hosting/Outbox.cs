using System.Collections.Immutable;

namespace Campus.Actors.Hosting;

/// <summary>
/// The tells an entity has sent and not yet seen delivered. Each is sent once when its event is in
/// the journal, again on every redelivery round until the receiver answers, and again after a
/// restart (recovery rebuilds the pending tells of the events after the snapshot).
/// </summary>
internal sealed class Outbox
{
    private SortedDictionary<long, Entry>? _pending;

    /// <summary>How many tells wait for an answer.</summary>
    public int Count => _pending?.Count ?? 0;

    /// <summary>The tells waiting, oldest first.</summary>
    public IEnumerable<PendingTell> Pending => _pending is null ? [] : _pending.Values.Select(e => e.Tell);

    /// <summary>The sequence number of the oldest event with a tell still waiting, or null.</summary>
    public long? OldestSequence => _pending is { Count: > 0 } pending ? EntityTell.SequenceOf(pending.Keys.First()) : null;

    /// <summary>Adds a tell; false when it is already waiting.</summary>
    public bool Add(PendingTell tell, int round)
    {
        _pending ??= [];
        return _pending.TryAdd(tell.Id, new Entry(tell) { SentRound = round });
    }

    /// <summary>Removes a delivered tell; false when it was not waiting (a late second answer).</summary>
    public bool Confirm(long id) => _pending is not null && _pending.Remove(id);

    /// <summary>The tells not sent since round <paramref name="before"/>, marked as sent in <paramref name="round"/>.</summary>
    public List<PendingTell> Due(int before, int round)
    {
        var due = new List<PendingTell>();
        if (_pending is null) return due;
        foreach (var entry in _pending.Values)
        {
            if (entry.SentRound > before) continue;
            entry.SentRound = round;
            due.Add(entry.Tell);
        }
        return due;
    }

    /// <summary>Every waiting tell, for a snapshot.</summary>
    public ImmutableArray<PendingTell> ToImmutable() => [.. Pending];

    /// <summary>Forgets everything (before a restore).</summary>
    public void Clear() => _pending = null;

    private sealed class Entry(PendingTell tell)
    {
        public PendingTell Tell { get; } = tell;

        public int SentRound { get; set; }
    }
}
