using System.Collections.Immutable;
using Campus.Actors.Entities;

namespace Campus.Actors.Alerts;

/// <summary>The rules that raise alerts.</summary>
public enum AlertKind
{
    CurfewMissing,
    LateReturn,
    NightExit,
    AbnormalAbsence,
    MissingFromClass,
    UnauthorizedExit,
    Intruder,
    RestrictedZone,
    Sos,
    DeviceOffline,
    VisitorOverstay,
    VisitorAfterHours,
    VisitorNotCheckedOut,
    VisitCodeReused,
    VisitCodeInvalid,
    WatchList,
    UnknownVehicle,
    VehicleOutsideHours,
    VisitorVehicleOverstay,
}

/// <summary>How urgent an alert is; shown by text and icon as well as colour.</summary>
public enum Severity
{
    Info,
    Warning,
    High,
    Critical,
}

/// <summary>Where an alert is in its life.</summary>
public enum AlertStatus
{
    Open,
    Acknowledged,
    Escalated,
    Resolved,
}

/// <summary>How an alert ended.</summary>
public enum ResolutionOutcome
{
    Found,
    LateReturn,
    LeaveAdded,
    FalseAlarm,
    DeviceFault,
    Other,

    /// <summary>The condition cleared by itself (the student arrived, the device was heard again).</summary>
    ConditionCleared,
}

/// <summary>Who or what an alert is about: a student, a location (gate, dorm, zone) or a device.</summary>
public sealed record AlertSubject(string Kind, string Id, string Name);

/// <summary>One step of an escalation chain: a role, reached <paramref name="After"/> the alert was raised.</summary>
public sealed record EscalationStep(string Role, TimeSpan After)
{
    /// <summary>The role responsible for the alert's scope: the dorm supervisor for a dorm, the class teacher for a class, else security.</summary>
    public const string Responsible = "responsible";
}

/// <summary>
/// Raise an incident. Sent to the alert entity of the incident, <c>alert/{campus}/{incident key}</c>
/// (see <see cref="Incidents"/>): a second raise of the same incident changes nothing, so repeats,
/// retries and replays never open a second alert.
/// </summary>
/// <param name="Scope">The dorm or class the alert belongs to (routes it to that supervisor or teacher), or null for campus-wide.</param>
/// <param name="Escalation">The chain to follow, from the campus rules.</param>
/// <param name="RemindEvery">How often an unacknowledged alert reminds its current level (null: never).</param>
public sealed record RaiseAlert(
    AlertKind Kind,
    Severity Severity,
    AlertSubject Subject,
    string LocationId,
    string? Scope,
    string Message,
    ImmutableArray<EscalationStep> Escalation,
    TimeSpan? RemindEvery = null);

/// <summary>The condition behind an alert cleared: it resolves by itself, saying why.</summary>
public sealed record ClearAlert(ResolutionOutcome Outcome, string Note);

/// <summary>An operator acknowledges an alert: the escalation chain stops.</summary>
public sealed record AcknowledgeAlert(string By, string Note);

/// <summary>An operator resolves an alert with an outcome and a note (both required).</summary>
public sealed record ResolveAlert(string By, ResolutionOutcome Outcome, string Note);

/// <summary>One recorded step of an alert's life: who did what, when.</summary>
public sealed record AlertStep(DateTimeOffset At, string Action, string By, int Level, string Role, string? Note);

/// <summary>
/// Output: the full current view of an alert after every change. <see cref="Version"/> grows with
/// each change; clients keep the highest version per <see cref="AlertId"/>.
/// </summary>
public sealed record AlertChanged(
    string AlertId,
    int Version,
    AlertKind Kind,
    Severity Severity,
    AlertStatus Status,
    int Level,
    string Role,
    string CampusId,
    AlertSubject Subject,
    string LocationId,
    string? Scope,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt,
    string Message,
    DateTimeOffset? NextEscalationAt,
    ResolutionOutcome? Outcome,
    ImmutableArray<AlertStep> History);

/// <summary>Incident keys: one alert entity per rule, subject and window.</summary>
public static class Incidents
{
    /// <summary>The alert entity of the incident of <paramref name="kind"/> about <paramref name="subjectId"/> in <paramref name="window"/> (a date, a night, a period...).</summary>
    public static EntityId For(string campus, AlertKind kind, string subjectId, string window) =>
        new("alert", campus, $"{KindName(kind)}:{subjectId}:{window}");

    /// <summary>The wire name of an alert kind: curfew-missing, late-return, ...</summary>
    public static string KindName(AlertKind kind) => kind switch
    {
        AlertKind.CurfewMissing => "curfew-missing",
        AlertKind.LateReturn => "late-return",
        AlertKind.NightExit => "night-exit",
        AlertKind.AbnormalAbsence => "abnormal-absence",
        AlertKind.MissingFromClass => "missing-from-class",
        AlertKind.UnauthorizedExit => "unauthorized-exit",
        AlertKind.Intruder => "intruder",
        AlertKind.RestrictedZone => "restricted-zone",
        AlertKind.Sos => "sos",
        AlertKind.DeviceOffline => "device-offline",
        AlertKind.VisitorOverstay => "visitor-overstay",
        AlertKind.VisitorAfterHours => "visitor-after-hours",
        AlertKind.VisitorNotCheckedOut => "visitor-not-checked-out",
        AlertKind.VisitCodeReused => "visit-code-reused",
        AlertKind.VisitCodeInvalid => "visit-code-invalid",
        AlertKind.WatchList => "watch-list",
        AlertKind.UnknownVehicle => "unknown-vehicle",
        AlertKind.VehicleOutsideHours => "vehicle-outside-hours",
        AlertKind.VisitorVehicleOverstay => "visitor-vehicle-overstay",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
