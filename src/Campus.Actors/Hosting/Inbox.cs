using System.Collections.Immutable;

namespace Campus.Actors.Hosting;

/// <summary>
/// What an entity remembers of the messages it accepted, so that a repeat changes nothing:
/// <list type="bullet">
/// <item>per sending entity, the tell ids at or above the sender's horizon (the sender never sends
/// anything below it again, so those are forgotten);</item>
/// <item>per external source, a 64-bit hash of each event id for <see cref="EntityHostOptions.InputDedupWindow"/>
/// after the newest event of the source (and always the last <see cref="MinInputsKept"/>).</item>
/// </list>
/// Rebuilt by replay (every journaled event records its id) and kept in snapshots.
/// </summary>
public sealed class Inbox
{
    /// <summary>Event ids kept per source whatever their age (a manifest re-sent after weeks is still a duplicate).</summary>
    public const int MinInputsKept = 64;

    private Dictionary<string, TellWindow>? _tells;
    private Dictionary<string, InputWindow>? _inputs;

    /// <summary>True when the tell <paramref name="id"/> of <paramref name="sender"/> was accepted before.</summary>
    public bool HasTell(string sender, long id)
    {
        if (_tells is null || !_tells.TryGetValue(sender, out var window)) return false;
        return EntityTell.SequenceOf(id) < window.Horizon || window.Ids.Contains(id);
    }

    /// <summary>Records an accepted tell and forgets the sender's ids below its horizon.</summary>
    public void RecordTell(string sender, long id, long horizon)
    {
        _tells ??= new Dictionary<string, TellWindow>(StringComparer.Ordinal);
        if (!_tells.TryGetValue(sender, out var window)) _tells[sender] = window = new TellWindow();
        if (horizon > window.Horizon)
        {
            window.Horizon = horizon;
            window.Ids.RemoveWhere(i => EntityTell.SequenceOf(i) < horizon);
        }
        if (EntityTell.SequenceOf(id) >= window.Horizon) window.Ids.Add(id);
    }

    /// <summary>True when an input with this source and event id was accepted before (inputs without an id are never remembered).</summary>
    public bool HasInput(string source, string? eventId) =>
        eventId is not null && _inputs is not null && _inputs.TryGetValue(source, out var window) && window.Hashes.Contains(Hash(eventId));

    /// <summary>Records an accepted input and forgets the source's ids older than <paramref name="window"/> before its newest.</summary>
    public void RecordInput(string source, string? eventId, DateTimeOffset at, TimeSpan window)
    {
        if (eventId is null) return;
        _inputs ??= new Dictionary<string, InputWindow>(StringComparer.Ordinal);
        if (!_inputs.TryGetValue(source, out var inputs)) _inputs[source] = inputs = new InputWindow();
        var hash = Hash(eventId);
        if (!inputs.Hashes.Add(hash)) return;
        inputs.Order.Enqueue((hash, at.UtcTicks));
        if (at.UtcTicks > inputs.NewestTicks) inputs.NewestTicks = at.UtcTicks;
        var oldest = inputs.NewestTicks - window.Ticks;
        while (inputs.Order.Count > MinInputsKept && inputs.Order.Peek().Ticks < oldest)
        {
            inputs.Hashes.Remove(inputs.Order.Dequeue().Hash);
        }
    }

    /// <summary>The tell windows, for a snapshot.</summary>
    public ImmutableArray<TellWindowSnapshot> TellWindows() => _tells is null
        ? []
        : [.. _tells.Select(t => new TellWindowSnapshot(t.Key, t.Value.Horizon, [.. t.Value.Ids.Order()]))];

    /// <summary>The input windows, for a snapshot.</summary>
    public ImmutableArray<InputWindowSnapshot> InputWindows() => _inputs is null
        ? []
        : [.. _inputs.Select(i => new InputWindowSnapshot(i.Key, i.Value.NewestTicks, [.. i.Value.Order]))];

    /// <summary>Restores what a snapshot held.</summary>
    public void Restore(ImmutableArray<TellWindowSnapshot> tells, ImmutableArray<InputWindowSnapshot> inputs)
    {
        _tells = null;
        _inputs = null;
        foreach (var t in tells.IsDefault ? [] : tells)
        {
            _tells ??= new Dictionary<string, TellWindow>(StringComparer.Ordinal);
            var window = new TellWindow { Horizon = t.Horizon };
            foreach (var id in t.Ids) window.Ids.Add(id);
            _tells[t.Sender] = window;
        }
        foreach (var i in inputs.IsDefault ? [] : inputs)
        {
            _inputs ??= new Dictionary<string, InputWindow>(StringComparer.Ordinal);
            var window = new InputWindow { NewestTicks = i.NewestTicks };
            foreach (var entry in i.Entries)
            {
                if (window.Hashes.Add(entry.Hash)) window.Order.Enqueue(entry);
            }
            _inputs[i.Source] = window;
        }
    }

    /// <summary>FNV-1a, 64 bits, over the id's UTF-16 code units: stable across processes (unlike string.GetHashCode).</summary>
    public static long Hash(string eventId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in eventId)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }

    private sealed class TellWindow
    {
        public long Horizon { get; set; }

        public HashSet<long> Ids { get; } = [];
    }

    private sealed class InputWindow
    {
        public long NewestTicks { get; set; }

        public HashSet<long> Hashes { get; } = [];

        public Queue<(long Hash, long Ticks)> Order { get; } = new();
    }
}
