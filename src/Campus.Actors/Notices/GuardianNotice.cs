namespace Campus.Actors.Notices;

/// <summary>What a guardian is told about.</summary>
public enum NoticeKind
{
    /// <summary>First arrival of the day at a gate.</summary>
    Arrival,

    /// <summary>Leaving through a gate.</summary>
    Departure,

    /// <summary>Checked into the dorm in the evening.</summary>
    DormCheckIn,
}

/// <summary>
/// Output: a notice to the guardians of one student. <see cref="NoticeId"/> is stable across
/// replays; the notification outbox delivers each notice once per guardian.
/// </summary>
public sealed record GuardianNotice(
    string NoticeId,
    string CampusId,
    string StudentId,
    string StudentName,
    NoticeKind Kind,
    DateTimeOffset At,
    string LocationId,
    System.Collections.Immutable.ImmutableArray<string> GuardianIds);

/// <summary>Output: where a person is now (occupancy changes for the live views).</summary>
public sealed record PresenceChanged(string CampusId, string PersonId, string? FromLocation, string ToLocation, DateTimeOffset At);
