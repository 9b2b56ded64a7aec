using System.Collections.Immutable;
using Campus.Actors.Alerts;
using Campus.Actors.Entities;
using Campus.Actors.Reference;

namespace Campus.Actors.Visitors;

/// <summary>One entry of the watch list: a document hash or a normalised plate, what staff see and why it is there.</summary>
public sealed record WatchEntry(WatchKind Kind, string Value, string Label, string Reason);

/// <summary>The state of a campus watch list: its entries by entry id.</summary>
public sealed record WatchListState(string CampusId)
{
    /// <summary>The entries, by <see cref="AddWatchEntry.EntryId"/>.</summary>
    public ImmutableDictionary<string, WatchEntry> Entries { get; init; } = ImmutableDictionary<string, WatchEntry>.Empty;
}

/// <summary>
/// The campus watch list, <c>watchlist/{campus}/list</c>: ID documents (by keyed hash) and plates
/// security wants to hear about. Visits screen their visitors here at registration and at
/// check-in; a match raises a high watch-list alert that reaches security at once (one incident
/// per visit and stage). Watched plates are told to the vehicle registry, which checks plate reads.
/// </summary>
/// <remarks>
/// Neither the list nor a screening carries campus rules, so the alert's escalation is the fixed
/// <see cref="Escalation"/>. Outputs name an entry by its label, never by its hash.
/// </remarks>
public sealed class WatchListBehavior : EntityBehavior<WatchListState>
{
    /// <summary>The escalation of a watch-list alert (also used by the vehicle registry): security at once, the duty leader after 10 minutes.</summary>
    public static readonly ImmutableArray<EscalationStep> Escalation =
    [
        new(EscalationStep.Responsible, TimeSpan.Zero),
        new("duty-leader", TimeSpan.FromMinutes(10)),
    ];

    /// <summary>How often an unacknowledged watch-list alert reminds.</summary>
    public static readonly TimeSpan RemindEvery = TimeSpan.FromMinutes(5);

    public override string Kind => "watchlist";

    public override WatchListState Initial(EntityId id) => new(id.Campus);

    public override WatchListState Handle(WatchListState state, object message, EntityContext context) => message switch
    {
        AddWatchEntry add => Add(state, add, context),
        RemoveWatchEntry remove when state.Entries.TryGetValue(remove.EntryId, out var entry) => Remove(state, remove, entry, context),
        ScreenVisitor screen => Screen(state, screen, context),
        _ => state,
    };

    private static WatchListState Add(WatchListState state, AddWatchEntry add, EntityContext context)
    {
        var entry = new WatchEntry(add.Kind, add.Value, add.Label, add.Reason);
        var next = state with { Entries = state.Entries.SetItem(add.EntryId, entry) };
        context.Emit(new WatchListChanged(state.CampusId, add.EntryId, add.Kind, add.Label, add.Reason, false, add.By, context.Now));
        if (state.Entries.TryGetValue(add.EntryId, out var replaced))
        {
            Unwatch(next, replaced, context);
        }
        if (entry.Kind == WatchKind.Plate)
        {
            context.Tell(CampusIds.Vehicles(state.CampusId), new PlateWatched(entry.Value, entry.Reason));
        }
        return next;
    }

    private static WatchListState Remove(WatchListState state, RemoveWatchEntry remove, WatchEntry entry, EntityContext context)
    {
        var next = state with { Entries = state.Entries.Remove(remove.EntryId) };
        context.Emit(new WatchListChanged(state.CampusId, remove.EntryId, entry.Kind, entry.Label, entry.Reason, true, remove.By, context.Now));
        Unwatch(next, entry, context);
        return next;
    }

    /// <summary>Tells the vehicle registry a plate is no longer watched once no entry of <paramref name="list"/> watches it.</summary>
    private static void Unwatch(WatchListState list, WatchEntry gone, EntityContext context)
    {
        if (gone.Kind != WatchKind.Plate) return;
        if (list.Entries.Values.Any(e => e.Kind == WatchKind.Plate && e.Value == gone.Value)) return;
        context.Tell(CampusIds.Vehicles(list.CampusId), new PlateUnwatched(gone.Value));
    }

    /// <summary>Raises a watch-list alert when the visitor's document or plate is on the list; nothing otherwise.</summary>
    private static WatchListState Screen(WatchListState state, ScreenVisitor screen, EntityContext context)
    {
        // The entry with the smallest id wins, so the alert's text does not depend on the dictionary's order.
        var match = state.Entries
            .Where(e => Matches(e.Value, screen))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => e.Value)
            .FirstOrDefault();
        if (match is null) return state;
        var (window, when) = screen.Stage == ScreeningStage.Registration
            ? ("registration", "at registration")
            : ("check-in", screen.GateId is { } gate ? $"at check-in at {gate}" : "at check-in");
        var subject = new AlertSubject("visitor", screen.Code, screen.VisitorName);
        context.Tell(Incidents.For(state.CampusId, AlertKind.WatchList, screen.Code, window),
            new RaiseAlert(AlertKind.WatchList, Severity.High, subject, screen.GateId ?? VisitBehavior.Visitors, null,
                $"Visitor {screen.VisitorName} matches the watch list ({match.Reason}) {when}", Escalation, RemindEvery));
        return state;
    }

    private static bool Matches(WatchEntry entry, ScreenVisitor screen) => entry.Kind switch
    {
        WatchKind.Document => screen.DocumentHash is { } hash && string.Equals(entry.Value, hash, StringComparison.OrdinalIgnoreCase),
        WatchKind.Plate => screen.Plate is { } plate && entry.Value == plate,
        _ => false,
    };
}
