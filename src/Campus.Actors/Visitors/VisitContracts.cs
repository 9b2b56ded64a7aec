using Campus.Actors.Reference;

namespace Campus.Actors.Visitors;

/// <summary>Where a visit is in its life.</summary>
public enum VisitStatus
{
    /// <summary>A guardian asked for it; security has not decided yet.</summary>
    Requested,

    /// <summary>Registered by staff (or approved): the visitor may check in on the day.</summary>
    Expected,

    /// <summary>Security declined the guardian's request.</summary>
    Declined,

    /// <summary>Checked in: the visitor is on campus.</summary>
    OnCampus,

    /// <summary>Checked out.</summary>
    Left,
}

/// <summary>Who a visitor comes to see: a staff member (by account name) or a student's class (its teachers).</summary>
public enum VisitHostKind
{
    Staff,
    Class,
}

/// <summary>
/// What the school keeps about one visit. Of an identity document only the last four characters
/// and a keyed hash of the whole number (for watch-list matching) are kept; the host computes
/// the hash and never stores or logs the number itself.
/// </summary>
/// <param name="HostId">The staff member's account name, or the class id.</param>
/// <param name="HostName">How the wall names the host ("Ms Li", "Class 7-2").</param>
/// <param name="Companions">People with the visitor (0 when alone).</param>
/// <param name="Plate">The visitor's vehicle plate, normalised (<see cref="Vehicles.Plates.Normalize"/>), or null.</param>
/// <param name="DocumentLast4">The last four characters of the ID document number, or null.</param>
/// <param name="DocumentHash">The keyed hash of the full ID document number (hex), or null.</param>
/// <param name="WalkIn">Registered by the guard at the gate, in one step with the check-in.</param>
/// <param name="RegisteredBy">The account that registered (or requested) the visit.</param>
/// <param name="StudentId">For a guardian's request: the child visited.</param>
public sealed record VisitDetails(
    string VisitorName,
    string Phone,
    string Purpose,
    VisitHostKind HostKind,
    string HostId,
    string HostName,
    DateTimeOffset ExpectedArrival,
    DateTimeOffset ExpectedDeparture,
    int Companions,
    string? Plate,
    string? DocumentLast4,
    string? DocumentHash,
    bool WalkIn,
    string RegisteredBy,
    string? StudentId = null);

/// <summary>
/// Registers a visit; sent to <c>visit/{campus}/{code}</c>, whose key is the visit code the visitor
/// shows at the gate. <paramref name="Approved"/> false makes it a guardian's request, waiting for
/// security. A second registration of the same code changes nothing.
/// </summary>
public sealed record RegisterVisit(VisitDetails Details, CampusRules Rules, bool Approved);

/// <summary>Security approves a requested visit.</summary>
public sealed record ApproveVisit(string By);

/// <summary>Security declines a requested visit.</summary>
public sealed record DeclineVisit(string By, string Reason);

/// <summary>The visitor checks in (the input's time is the check-in time): by a guard, or a kiosk or gate reader (<c>visitor-in</c>).</summary>
/// <param name="GateId">The gate they came through, when known.</param>
/// <param name="By">The guard's account, or <c>device:{id}</c>.</param>
public sealed record CheckInVisitor(string? GateId, string By);

/// <summary>The visitor checks out (the input's time is the check-out time).</summary>
public sealed record CheckOutVisitor(string? GateId, string By);

/// <summary>Timer: the visitor is still on campus <see cref="CampusRules.VisitorOverstayAfter"/> after the expected departure.</summary>
public sealed record VisitOverstayDue;

/// <summary>Timer: the campus closes to visitors (<see cref="CampusRules.VisitorsLeaveBy"/>) and the visitor is still on campus.</summary>
public sealed record VisitClosingDue;

/// <summary>Timer: the local day of the check-in has ended and the visitor never checked out.</summary>
public sealed record VisitDayEndDue;

/// <summary>
/// Tells a gate a registered visitor was checked in there at the input's time: for
/// <see cref="CampusRules.VisitorFaceFailWindow"/> either side, up to <paramref name="People"/>
/// unknown faces at that gate are this party, not intruders.
/// </summary>
public sealed record VisitorAdmitted(string Code, int People);

/// <summary>
/// Output: the full current view of a visit after every change (no document hash).
/// <see cref="Version"/> grows with each change; the read model keeps the highest.
/// </summary>
public sealed record VisitChanged(
    string CampusId,
    string Code,
    int Version,
    VisitStatus Status,
    string VisitorName,
    string Phone,
    string Purpose,
    VisitHostKind HostKind,
    string HostId,
    string HostName,
    DateTimeOffset ExpectedArrival,
    DateTimeOffset ExpectedDeparture,
    int Companions,
    string? Plate,
    string? DocumentLast4,
    bool WalkIn,
    string RegisteredBy,
    string? StudentId,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? CheckedOutAt,
    string? GateId,
    string? DecidedBy,
    string? Note,
    DateTimeOffset At);

/// <summary>Output: a visitor checked in; the host (the staff member, or the class's teachers) is told.</summary>
public sealed record VisitorArrived(
    string CampusId,
    string Code,
    string VisitorName,
    int Companions,
    VisitHostKind HostKind,
    string HostId,
    string HostName,
    string? GateId,
    DateTimeOffset At);

/// <summary>Visit codes: short, unguessable, easy to read aloud and type.</summary>
public static class VisitCodes
{
    /// <summary>The characters of a code: no 0/O, 1/I/L, so a code read aloud is not misheard.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>The length of a code (31^8, about 8.5e11 codes: guessing one is hopeless within the rate limits).</summary>
    public const int Length = 8;

    /// <summary>True when <paramref name="code"/> has the form of a visit code (it may still be unknown).</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: Length } && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>A code from the first <see cref="Length"/> of <paramref name="bytes"/> (random bytes, or a keyed hash), one character per byte.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Length) throw new ArgumentException($"A code needs {Length} bytes.", nameof(bytes));
        var code = new char[Length];
        for (var i = 0; i < Length; i++) code[i] = Alphabet[bytes[i] % Alphabet.Length];
        return new string(code);
    }

    /// <summary>Upper-cases and drops spaces and dashes a visitor may type ("k7qm-2xpa" → "K7QM2XPA").</summary>
    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new string([.. code.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant)]);
    }
}
