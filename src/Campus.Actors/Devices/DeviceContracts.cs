namespace Campus.Actors.Devices;

/// <summary>What a device reported.</summary>
public enum DeviceEventType
{
    /// <summary>A face or card at a reader.</summary>
    Access,

    /// <summary>A camera saw people in its zone.</summary>
    Zone,

    /// <summary>An alarm: sos, intrusion, tamper, tailgate.</summary>
    Alarm,

    /// <summary>The device is alive.</summary>
    Heartbeat,

    /// <summary>A visitor showed a visit code (kiosk or gate reader): <c>visitor-in</c> / <c>visitor-out</c>.</summary>
    Visitor,

    /// <summary>A plate camera read a vehicle plate.</summary>
    Plate,
}

/// <summary>Which way through a door or gate.</summary>
public enum Direction
{
    In,
    Out,
}

/// <summary>Kinds of alarm a device can raise.</summary>
public enum AlarmType
{
    Sos,
    Intrusion,
    Tamper,
    Tailgate,
}

/// <summary>
/// An event from a device, as accepted by the ingest API; sent to <c>device/{campus}/{deviceId}</c>.
/// </summary>
/// <param name="PersonId">The student seen (access, zone); null for an unknown face or card.</param>
/// <param name="Count">People counted (zone), or passages for one scan (access; more than one is tailgating).</param>
/// <param name="VisitCode">The visit code shown (visitor events).</param>
/// <param name="Plate">The plate read, normalised (plate events).</param>
/// <param name="Confidence">How sure the camera is of the plate, 0..1 (plate events).</param>
public sealed record DeviceReported(
    string EventId,
    string DeviceId,
    DateTimeOffset OccurredAt,
    DeviceEventType Type,
    string? PersonId = null,
    Direction? Direction = null,
    string? ZoneId = null,
    int? Count = null,
    AlarmType? Alarm = null,
    string? VisitCode = null,
    string? Plate = null,
    double? Confidence = null);

/// <summary>Output: a device's health changed (heard again, or silent past its heartbeat interval).</summary>
public sealed record DeviceHealthChanged(string CampusId, string DeviceId, string LocationId, bool Online, DateTimeOffset LastHeard, DateTimeOffset At);
