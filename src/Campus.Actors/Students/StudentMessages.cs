using Campus.Actors.Reference;

namespace Campus.Actors.Students;

/// <summary>An operator approved leave for a student (also loaded from the manifest).</summary>
public sealed record ApproveLeave(LeaveApproval Leave);

/// <summary>A timer message: a day student's arrival deadline of <paramref name="Date"/> is due.</summary>
public sealed record ArrivalDeadlineDue(DateOnly Date);

/// <summary>A timer message: a boarding student has not been seen for the configured time.</summary>
public sealed record UnseenDue(DateTimeOffset LastSeen);

/// <summary>Output: a leave was recorded for a student (for roll calls and the operator views).</summary>
public sealed record LeaveRecorded(string CampusId, LeaveApproval Leave);
