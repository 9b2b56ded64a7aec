using System.Globalization;
using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Dorms;
using Campus.Actors.Gates;
using Campus.Actors.Reference;
using Campus.Actors.Entities;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Actors.Zones;

namespace Campus.Actors.Devices;

/// <summary>
/// The state of one device: what it is (from <see cref="DeviceConfigured"/>), when it was last
/// heard, whether it is online, and the device-offline alert it raised while silent.
/// </summary>
/// <param name="LastHeard">The newest event time heard from the device (or its configuration time if never heard).</param>
/// <param name="Latest">The newest event time the device has reported: the high-water mark for staleness (configuration and timers do not move it).</param>
/// <param name="OfflineAlert">The entity id (text) of the open device-offline alert, while offline.</param>
/// <param name="LocationName">The name of the place the device is at, for the alerts it raises (its id when unnamed).</param>
public sealed record DeviceState(
    string DeviceId,
    DeviceInfo? Device = null,
    CampusRules? Rules = null,
    DateTimeOffset? LastHeard = null,
    DateTimeOffset? Latest = null,
    bool Online = true,
    string? OfflineAlert = null,
    string? LocationName = null);

/// <summary>A timer message: the device has not been heard since <paramref name="LastHeard"/> for three heartbeat intervals.</summary>
public sealed record DeviceSilenceDue(DateTimeOffset LastHeard);

/// <summary>Registers the device slice's own messages on a codec.</summary>
public static class DevicesCodec
{
    /// <summary>Registers <see cref="DeviceSilenceDue"/> as <c>device.silence-due</c>.</summary>
    public static MessageCodec RegisterDevices(this MessageCodec codec) =>
        codec.Register<DeviceSilenceDue>("device.silence-due");
}

/// <summary>
/// A device (<c>device/{campus}/{deviceId}</c>): every report marks it heard, then it is routed by
/// the device's kind to its gate, dorm, classroom or zone, a plate read to the vehicle registry and
/// a visit code shown at a kiosk or gate reader to its visit; alarms raise alerts. A device silent for
/// <see cref="MissedHeartbeats"/> heartbeat intervals during its active hours goes offline and
/// raises device-offline; hearing it again (any report, a heartbeat included) brings it back online
/// and clears that alert. A heartbeat is proof of life and nothing more: it is never a passage.
/// </summary>
/// <remarks>
/// The alerts about a device name it by its place ("North Gate reader"), so whoever reads them
/// knows where to go. SOS is raised only by a device that may raise it
/// (<see cref="DeviceInfo.RaisesSos"/>: a panic button, or a device the manifest marks); intrusion,
/// tamper and tailgate alarms are raised from whichever device reports them.
/// </remarks>
public sealed class DeviceBehavior : EntityBehavior<DeviceState>
{
    /// <summary>
    /// Heartbeats a device may miss before it counts as offline. One missed heartbeat is often a
    /// network blip; three in a row is a device that needs a look.
    /// </summary>
    public const int MissedHeartbeats = 3;

    /// <summary>The name of the silence timer.</summary>
    public const string SilenceTimer = "silence";

    public override string Kind => "device";

    public override DeviceState Initial(EntityId id) => new(id.Key);

    public override DeviceState Handle(DeviceState state, object message, EntityContext context) => message switch
    {
        DeviceConfigured configured => Configure(state, configured, context),
        DeviceReported reported when state is { Device: not null, Rules: not null } => Report(state, state.Device, state.Rules, reported, context),
        DeviceReported => Defer(state, context),
        DeviceSilenceDue due when state is { Device: not null, Rules: not null } => Silence(state, state.Device, state.Rules, due, context),
        _ => state,
    };

    /// <summary>A report before the device is configured waits until it is (the campus is being set up).</summary>
    private static DeviceState Defer(DeviceState state, EntityContext context)
    {
        context.Defer();
        return state;
    }

    private static DeviceState Configure(DeviceState state, DeviceConfigured configured, EntityContext context)
    {
        var next = state with
        {
            Device = configured.Device,
            Rules = configured.Rules,
            LocationName = configured.LocationName,
            LastHeard = state.LastHeard ?? context.Now,
        };
        if (next.Online)
        {
            ArmSilence(next.LastHeard!.Value, configured.Device, context);
        }
        return next;
    }

    private static DeviceState Report(DeviceState state, DeviceInfo device, CampusRules rules, DeviceReported reported, EntityContext context)
    {
        var at = reported.OccurredAt;
        var stale = rules.IsStale(at, state.Latest);
        var next = Heard(state, device, rules, at, stale, context);
        Route(device, Place(state, device), rules, reported, stale, context);
        return next;
    }

    /// <summary>Marks the device heard at <paramref name="at"/> if that is newer; a device that was offline comes back online (unless the event is stale).</summary>
    private static DeviceState Heard(DeviceState state, DeviceInfo device, CampusRules rules, DateTimeOffset at, bool stale, EntityContext context)
    {
        var latest = Max(state.Latest, at);
        if (state.LastHeard is { } last && at <= last)
        {
            return latest == state.Latest ? state : state with { Latest = latest };
        }
        var next = state with { LastHeard = at, Latest = latest };
        if (!next.Online)
        {
            if (stale) return next; // an old buffered event does not prove the device is alive now
            context.Emit(new DeviceHealthChanged(rules.CampusId, device.Id, device.LocationId, true, at, context.Now));
            if (next.OfflineAlert is { } alert)
            {
                context.ClearAlert(EntityId.Parse(alert), ResolutionOutcome.ConditionCleared, "heard again at " + Clock(rules, at));
            }
            next = next with { Online = true, OfflineAlert = null };
        }
        ArmSilence(at, device, context);
        return next;
    }

    /// <summary>Passes the report on to the place the device serves, or raises the alarm it reports.</summary>
    private static void Route(DeviceInfo device, string place, CampusRules rules, DeviceReported reported, bool stale, EntityContext context)
    {
        var campus = rules.CampusId;
        var at = reported.OccurredAt;
        switch (device.Kind, reported.Type)
        {
            case (DeviceKind.GateReader, DeviceEventType.Access):
                context.Tell(CampusIds.Gate(campus, device.LocationId),
                    new GatePassed(device.Id, reported.EventId, reported.PersonId, reported.Direction ?? Direction.In, reported.Count ?? 1, at));
                break;
            case (DeviceKind.DormReader, DeviceEventType.Access):
                context.Tell(CampusIds.Dorm(campus, device.LocationId),
                    new DormDoorScanned(device.Id, reported.EventId, reported.PersonId, reported.Direction ?? Direction.In, at));
                break;
            case (DeviceKind.ClassBoard, DeviceEventType.Access):
                context.Tell(CampusIds.Classroom(campus, device.LocationId),
                    new ClassBoardScanned(device.Id, reported.EventId, reported.PersonId, at));
                break;
            // A camera reports for its own zone only: a key of one camera cannot raise another zone's
            // alarm, and a zone that does not exist never gets an entity waiting for its configuration.
            case (DeviceKind.Camera, DeviceEventType.Zone) when reported.ZoneId is null || reported.ZoneId == device.LocationId:
                context.Tell(CampusIds.Zone(campus, device.LocationId),
                    new ZoneObserved(device.Id, reported.EventId, reported.PersonId, reported.Count ?? 1, at));
                break;
            // A plate camera's location is its vehicle gate; the registry judges staleness and confidence itself.
            case (DeviceKind.PlateCamera, DeviceEventType.Plate) when reported.Plate is { } plate && Plates.Error(plate) is null:
                context.Tell(CampusIds.Vehicles(campus),
                    new PlateRead(device.Id, reported.EventId, device.LocationId, place, Plates.Normalize(plate), reported.Direction ?? Direction.In,
                        reported.Confidence ?? 1.0, at));
                break;
            // Only a well-formed code reaches a visit entity: a device cannot create entities of arbitrary keys.
            case (DeviceKind.VisitorKiosk or DeviceKind.GateReader, DeviceEventType.Visitor) when reported.VisitCode is { } code && VisitCodes.IsWellFormed(code):
                var by = "device:" + device.Id;
                context.Tell(CampusIds.Visit(campus, code),
                    reported.Direction == Direction.Out ? new CheckOutVisitor(device.LocationId, by) : new CheckInVisitor(device.LocationId, by));
                break;
            case (_, DeviceEventType.Alarm) when reported.Alarm is { } alarm && !stale:
                RaiseAlarm(device, place, rules, alarm, at, context);
                break;
            default:
                break; // heartbeats (proof of life), and events a device of this kind cannot report: heard, nothing more
        }
    }

    private static void RaiseAlarm(DeviceInfo device, string place, CampusRules rules, AlarmType alarm, DateTimeOffset at, EntityContext context)
    {
        var location = new AlertSubject("location", device.LocationId, place);
        switch (alarm)
        {
            case AlarmType.Sos when DeviceInfo.RaisesSos(device):
                // The minute of the press: a retry of the same press is one incident, a later press another.
                context.RaiseAlert(rules, AlertKind.Sos, Severity.Critical, location, AlertEffects.SinceWindow(ToMinute(at)),
                    device.LocationId, null, $"SOS pressed at {place}");
                break;
            case AlarmType.Intrusion:
                context.RaiseAlert(rules, AlertKind.Intruder, Severity.High, location, rules.HourWindow(at),
                    device.LocationId, null, $"Intrusion detected at {place}");
                break;
            case AlarmType.Tamper:
                var name = Name(device, place);
                context.RaiseAlert(rules, AlertKind.Intruder, Severity.High, new AlertSubject("device", device.Id, name), rules.HourWindow(at),
                    device.LocationId, null, $"{name} tampered");
                break;
            case AlarmType.Tailgate:
                // Same incident subject as the gate's own tailgating rule, so both land on one alert.
                context.RaiseAlert(rules, AlertKind.Intruder, Severity.High, location with { Id = device.LocationId + "-tailgate" }, rules.HourWindow(at),
                    device.LocationId, null, $"Tailgating at {place}");
                break;
            default:
                break; // an SOS from a device that may not raise one: heard, nothing more
        }
    }

    /// <summary>The silence timer fired: offline during active hours, else look again once active hours have begun.</summary>
    private static DeviceState Silence(DeviceState state, DeviceInfo device, CampusRules rules, DeviceSilenceDue due, EntityContext context)
    {
        if (!state.Online || state.LastHeard != due.LastHeard) return state; // heard since, or already offline
        var now = context.Now;
        if (!LocalHours.Contains(device.ActiveFrom, device.ActiveTo, rules.LocalTime(now)))
        {
            if (rules.Next(now, device.ActiveFrom ?? TimeOnly.MinValue, _ => true) is { } activeAgain)
            {
                context.SetTimer(SilenceTimer, activeAgain + Silent(device), due);
            }
            return state;
        }
        context.Emit(new DeviceHealthChanged(rules.CampusId, device.Id, device.LocationId, false, due.LastHeard, now));
        var name = Name(device, Place(state, device));
        var alert = context.RaiseAlert(rules, AlertKind.DeviceOffline, Severity.Warning, new AlertSubject("device", device.Id, name),
            AlertEffects.SinceWindow(due.LastHeard), device.LocationId, null, $"{name} silent since {Clock(rules, due.LastHeard)}");
        return state with { Online = false, OfflineAlert = alert.ToString() };
    }

    /// <summary>The name of the place the device is at (its id when the manifest names none).</summary>
    private static string Place(DeviceState state, DeviceInfo device) => state.LocationName ?? device.LocationId;

    /// <summary>
    /// How alerts name a device: its place and what it is, "North Gate reader", "Lotus Pond camera"
    /// (a place's note in brackets is left out: "Pine House (boys, grades 7-8)" gives "Pine House reader").
    /// </summary>
    public static string Name(DeviceInfo device, string place)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(place);
        var open = place.IndexOf(" (", StringComparison.Ordinal);
        var shortPlace = open > 0 && place.EndsWith(')') ? place[..open] : place;
        var what = device.Kind switch
        {
            DeviceKind.GateReader or DeviceKind.DormReader => "reader",
            DeviceKind.ClassBoard => "class-board",
            DeviceKind.Camera => "camera",
            DeviceKind.PanicButton => "panic button",
            DeviceKind.PlateCamera => "plate camera",
            DeviceKind.VisitorKiosk => "visitor kiosk",
            _ => "device",
        };
        return $"{shortPlace} {what}";
    }

    private static void ArmSilence(DateTimeOffset lastHeard, DeviceInfo device, EntityContext context) =>
        context.SetTimer(SilenceTimer, lastHeard + Silent(device), new DeviceSilenceDue(lastHeard));

    /// <summary>How long a device may be silent before it counts as offline.</summary>
    private static TimeSpan Silent(DeviceInfo device) => device.HeartbeatInterval * MissedHeartbeats;

    private static DateTimeOffset ToMinute(DateTimeOffset at) =>
        new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMinute), at.Offset);

    private static string Clock(CampusRules rules, DateTimeOffset at) =>
        rules.LocalTime(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}

/// <summary>Daily local-time windows (device active hours, zone open hours); a window may cross midnight.</summary>
public static class LocalHours
{
    /// <summary>
    /// True when <paramref name="time"/> lies in [<paramref name="from"/>, <paramref name="to"/>).
    /// Null ends are open (start of day, end of day); both null or equal means all day; from after
    /// to crosses midnight (22:00-06:00).
    /// </summary>
    public static bool Contains(TimeOnly? from, TimeOnly? to, TimeOnly time)
    {
        if (from is null && to is null) return true;
        var start = from ?? TimeOnly.MinValue;
        if (to is null) return time >= start;
        var end = to.Value;
        if (start == end) return true;
        return start < end ? time >= start && time < end : time >= start || time < end;
    }
}
