using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Notices;
using Campus.Actors.Students;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Actors.Zones;

namespace Campus.Host.Hubs;

/// <summary>An alert as the API and the hub show it (the full alert, with the highest version winning).</summary>
public sealed record AlertView(
    string AlertId,
    int Version,
    string Kind,
    string Severity,
    string Status,
    int Level,
    string Role,
    string CampusId,
    SubjectView Subject,
    string LocationId,
    string? Scope,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt,
    string Message,
    DateTimeOffset? NextEscalationAt,
    string? Outcome,
    IReadOnlyList<StepView> History)
{
    public static AlertView From(AlertChanged a) => new(
        a.AlertId, a.Version, Incidents.KindName(a.Kind), WireName.Of(a.Severity), WireName.Of(a.Status), a.Level, a.Role, a.CampusId,
        new SubjectView(a.Subject.Kind, a.Subject.Id, a.Subject.Name), a.LocationId, a.Scope, a.RaisedAt, a.UpdatedAt, a.Message,
        a.NextEscalationAt, a.Outcome is { } o ? WireName.Of(o) : null,
        [.. a.History.Select(h => new StepView(h.At, h.Action, h.By, h.Level, h.Role, h.Note))]);
}

/// <summary>How an enum value is spelled in the API, the hub and demo.json: kebab-case.</summary>
public static class WireName
{
    /// <summary><c>LateReturn</c> → <c>late-return</c>, <c>GateReader</c> → <c>gate-reader</c>.</summary>
    public static string Of<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>Who or what an alert is about.</summary>
public sealed record SubjectView(string Kind, string Id, string Name);

/// <summary>One recorded step of an alert.</summary>
public sealed record StepView(DateTimeOffset At, string Action, string By, int Level, string Role, string? Note);

/// <summary>A person moved from one location to another.</summary>
public sealed record PresenceView(string CampusId, string PersonId, string? From, string To, DateTimeOffset At);

/// <summary>A guardian notice (arrival, departure, dorm check-in).</summary>
public sealed record NoticeView(string NoticeId, string CampusId, string StudentId, string StudentName, string Kind, DateTimeOffset At, string LocationId, IReadOnlyList<string> GuardianIds)
{
    public static NoticeView From(GuardianNotice n) =>
        new(n.NoticeId, n.CampusId, n.StudentId, n.StudentName, StudentRules.KindName(n.Kind), n.At, n.LocationId, n.GuardianIds);
}

/// <summary>A device's health.</summary>
public sealed record DeviceView(string CampusId, string DeviceId, string LocationId, bool Online, DateTimeOffset LastHeard, DateTimeOffset At)
{
    public static DeviceView From(DeviceHealthChanged d) => new(d.CampusId, d.DeviceId, d.LocationId, d.Online, d.LastHeard, d.At);
}

/// <summary>How many people a camera zone sees now (cameras count people; they do not say who).</summary>
public sealed record ZoneView(string CampusId, string ZoneId, int Count, DateTimeOffset At)
{
    public static ZoneView From(ZoneOccupancyChanged z) => new(z.CampusId, z.ZoneId, z.Count, z.At);
}

/// <summary>A visit as the API and the hub show it (no document number or hash: only its last four characters).</summary>
public sealed record VisitView(
    string Code,
    string CampusId,
    int Version,
    string Status,
    string VisitorName,
    string Phone,
    string Purpose,
    string HostKind,
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
    DateTimeOffset At)
{
    public static VisitView From(VisitChanged v) => new(
        v.Code, v.CampusId, v.Version, WireName.Of(v.Status), v.VisitorName, v.Phone, v.Purpose, WireName.Of(v.HostKind), v.HostId, v.HostName,
        v.ExpectedArrival, v.ExpectedDeparture, v.Companions, v.Plate, v.DocumentLast4, v.WalkIn, v.RegisteredBy, v.StudentId,
        v.CheckedInAt, v.CheckedOutAt, v.GateId, v.DecidedBy, v.Note, v.At);
}

/// <summary>A visitor has arrived: told to whoever they visit.</summary>
public sealed record VisitorArrivedView(string Code, string CampusId, string VisitorName, int Companions, string HostKind, string HostId, string HostName, string? GateId, DateTimeOffset At)
{
    public static VisitorArrivedView From(VisitorArrived a) =>
        new(a.Code, a.CampusId, a.VisitorName, a.Companions, WireName.Of(a.HostKind), a.HostId, a.HostName, a.GateId, a.At);
}

/// <summary>One entry of the vehicle log.</summary>
public sealed record VehicleView(
    string CampusId,
    string EventId,
    string DeviceId,
    string GateId,
    string Plate,
    string Direction,
    double Confidence,
    bool LowConfidence,
    string Category,
    string? Owner,
    string? VisitCode,
    int Inside,
    DateTimeOffset At)
{
    public static VehicleView From(VehiclePassed v) => new(
        v.CampusId, v.EventId, v.DeviceId, v.GateId, v.Plate, WireName.Of(v.Direction), v.Confidence, v.LowConfidence, WireName.Of(v.Category),
        v.Owner, v.VisitCode, v.Inside, v.At);
}

/// <summary>An entry of the watch list as staff see it: a label and a reason, never a document number or its hash.</summary>
public sealed record WatchEntryView(string EntryId, string Kind, string Label, string Reason, string By, DateTimeOffset At)
{
    public static WatchEntryView From(WatchListChanged w) => new(w.EntryId, WireName.Of(w.Kind), w.Label, w.Reason, w.By, w.At);
}
