namespace Campus.Actors.Visitors;

/// <summary>What a watch-list entry matches.</summary>
public enum WatchKind
{
    /// <summary>An ID document, by the keyed hash of its number.</summary>
    Document,

    /// <summary>A vehicle plate (normalised).</summary>
    Plate,
}

/// <summary>
/// Adds (or replaces) an entry of the campus watch list, <c>watchlist/{campus}/list</c>.
/// <paramref name="Value"/> is a document hash or a normalised plate; <paramref name="Label"/> is
/// what staff see (a name and the document's last four characters, or the plate).
/// </summary>
public sealed record AddWatchEntry(string EntryId, WatchKind Kind, string Value, string Label, string Reason, string By);

/// <summary>Removes an entry of the watch list.</summary>
public sealed record RemoveWatchEntry(string EntryId, string By);

/// <summary>At which step a visitor is screened against the watch list.</summary>
public enum ScreeningStage
{
    Registration,
    CheckIn,
}

/// <summary>
/// Screens a visitor against the watch list (sent by the visit at registration and at check-in):
/// a match raises a high watch-list alert to security at once.
/// </summary>
public sealed record ScreenVisitor(string Code, string VisitorName, string? DocumentHash, string? Plate, ScreeningStage Stage, string? GateId);

/// <summary>Tells the vehicle registry a plate is on the watch list.</summary>
public sealed record PlateWatched(string Plate, string Reason);

/// <summary>Tells the vehicle registry a plate is no longer on the watch list.</summary>
public sealed record PlateUnwatched(string Plate);

/// <summary>Output: an entry was added to or removed from the watch list (no hash: only its label).</summary>
public sealed record WatchListChanged(string CampusId, string EntryId, WatchKind Kind, string Label, string Reason, bool Removed, string By, DateTimeOffset At);
