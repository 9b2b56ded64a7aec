using System.Collections.Immutable;
using Campus.Actors.Alerts;

namespace Campus.Actors.Reference;

/// <summary>
/// The reference data of one campus: layout, devices, roster, calendar, timetable, daily times,
/// escalation policy and approved leave. Loaded from a manifest (JSON) and a roster (CSV) by
/// <c>ManifestLoader</c>, and delivered to the entities through the shard log as
/// <see cref="ConfigureCampus"/>, so replay stays exact. See docs/campus-manifest.md.
/// </summary>
public sealed record CampusManifest
{
    public required string CampusId { get; init; }

    public required string Name { get; init; }

    /// <summary>IANA time zone; every local time of the campus is in it.</summary>
    public string TimeZone { get; init; } = "Asia/Shanghai";

    public ImmutableArray<GateInfo> Gates { get; init; } = [];

    public ImmutableArray<DormInfo> Dorms { get; init; } = [];

    public ImmutableArray<ClassroomInfo> Classrooms { get; init; } = [];

    public ImmutableArray<ZoneInfo> Zones { get; init; } = [];

    public ImmutableArray<DeviceInfo> Devices { get; init; } = [];

    public ImmutableArray<StudentInfo> Students { get; init; } = [];

    public ImmutableArray<LeaveApproval> Leaves { get; init; } = [];

    /// <summary>Listed vehicles: staff, service and delivery (with allowed hours).</summary>
    public ImmutableArray<Vehicles.VehicleInfo> Vehicles { get; init; } = [];

    public required CampusRules Rules { get; init; }

    /// <summary>The name of the gate, dorm, classroom or zone <paramref name="placeId"/>, or null when there is none.</summary>
    public string? PlaceName(string placeId) =>
        Gates.FirstOrDefault(g => g.Id == placeId)?.Name
        ?? Dorms.FirstOrDefault(d => d.Id == placeId)?.Name
        ?? Classrooms.FirstOrDefault(c => c.Id == placeId)?.Name
        ?? Zones.FirstOrDefault(z => z.Id == placeId)?.Name;
}

/// <summary>
/// The campus-wide rules every entity needs: time zone, calendar, timetable, daily times and the
/// escalation policy. Small and immutable; entities keep a reference in their state.
/// </summary>
public sealed record CampusRules
{
    public required string CampusId { get; init; }

    public string TimeZone { get; init; } = "Asia/Shanghai";

    public required SchoolCalendar Calendar { get; init; }

    /// <summary>The timetable's periods of a school day, in order.</summary>
    public ImmutableArray<Period> Periods { get; init; } = [];

    /// <summary>School hours begin (local time): gate exits after this need leave.</summary>
    public TimeOnly SchoolStart { get; init; } = new(7, 30);

    /// <summary>A day student not arrived by this local time on a school day is absent.</summary>
    public TimeOnly ArrivalDeadline { get; init; } = new(7, 50);

    /// <summary>School hours end (local time).</summary>
    public TimeOnly Dismissal { get; init; } = new(16, 30);

    /// <summary>A boarding student seen nowhere for this long during term raises abnormal-absence.</summary>
    public TimeSpan BoardingUnseenAfter { get; init; } = TimeSpan.FromHours(4);

    /// <summary>How long after a period starts a missing class-board check-in counts as missing from class.</summary>
    public TimeSpan ClassCheckInGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Gate passages in opposite directions within this window give one guardian notice, not two.</summary>
    public TimeSpan NoticeDebounce { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Events older than this (by their own time) when they arrive never raise an alert.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromHours(2);

    /// <summary>An unacknowledged alert reminds its current level this often.</summary>
    public TimeSpan ReminderInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A visitor still on campus this long after their expected departure raises visitor-overstay.</summary>
    public TimeSpan VisitorOverstayAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The campus closes to visitors at this local time: a visitor still on campus then raises visitor-after-hours (unless their visit was registered to end later).</summary>
    public TimeOnly VisitorsLeaveBy { get; init; } = new(18, 0);

    /// <summary>An unknown face at a gate within this long of a registered visitor's check-in there is that visitor, not an intruder.</summary>
    public TimeSpan VisitorFaceFailWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Plate reads below this confidence (0..1) are recorded but raise nothing and do not move a vehicle.</summary>
    public double PlateMinConfidence { get; init; } = 0.8;

    /// <summary>A visitor's vehicle still inside this long after the visit ended raises visitor-vehicle-overstay.</summary>
    public TimeSpan VisitorVehicleGrace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Escalation steps per alert kind; kinds not listed use <see cref="DefaultEscalation"/>.</summary>
    public ImmutableDictionary<AlertKind, ImmutableArray<EscalationStep>> Escalation { get; init; } =
        ImmutableDictionary<AlertKind, ImmutableArray<EscalationStep>>.Empty;

    /// <summary>The default chain: the responsible role, the security desk after 10 minutes, the duty leader after 30.</summary>
    public ImmutableArray<EscalationStep> DefaultEscalation { get; init; } =
    [
        new(EscalationStep.Responsible, TimeSpan.Zero),
        new("security", TimeSpan.FromMinutes(10)),
        new("duty-leader", TimeSpan.FromMinutes(30)),
    ];

    /// <summary>True when an event at <paramref name="at"/> is older than <see cref="StaleAfter"/> compared with the newest time an entity has seen (<paramref name="latest"/>): it may update history but never raises an alert.</summary>
    public bool IsStale(DateTimeOffset at, DateTimeOffset? latest) => latest is { } newest && newest - at > StaleAfter;

    /// <summary>The escalation chain of an alert kind.</summary>
    public ImmutableArray<EscalationStep> EscalationFor(AlertKind kind) =>
        Escalation.TryGetValue(kind, out var steps) && !steps.IsDefaultOrEmpty ? steps : DefaultEscalation;
}

/// <summary>A gate of the campus wall.</summary>
public sealed record GateInfo(string Id, string Name);

/// <summary>A dorm with its overnight window: curfew (evening), roll call, wake-up (next morning), all local times.</summary>
public sealed record DormInfo(string Id, string Name, TimeOnly Curfew, TimeOnly WakeUp, TimeOnly RollCall);

/// <summary>A classroom (one class of students).</summary>
public sealed record ClassroomInfo(string Id, string Name, string Grade);

/// <summary>What a camera zone is.</summary>
public enum ZoneKind
{
    /// <summary>Anyone may be there.</summary>
    Normal,

    /// <summary>Only within its open hours; outside them a person there is an intruder.</summary>
    Restricted,

    /// <summary>Nobody may be there at any time (pond, rooftop): restricted-zone alert.</summary>
    Hazard,
}

/// <summary>A camera zone; <paramref name="OpenFrom"/>/<paramref name="OpenTo"/> are local times (null: always open).</summary>
public sealed record ZoneInfo(string Id, string Name, ZoneKind Kind, TimeOnly? OpenFrom = null, TimeOnly? OpenTo = null);

/// <summary>The kinds of device.</summary>
public enum DeviceKind
{
    GateReader,
    DormReader,
    ClassBoard,
    Camera,
    PanicButton,

    /// <summary>A plate-recognition camera at a vehicle gate (its location is a gate).</summary>
    PlateCamera,

    /// <summary>A visitor kiosk where visitors show their visit code (its location is a gate).</summary>
    VisitorKiosk,
}

/// <summary>A device: where it is (a gate, dorm, classroom or zone id) and how often it must be heard.</summary>
/// <param name="ActiveFrom">Local time its active hours begin (null: always active).</param>
/// <param name="Sos">
/// Whether the device may raise SOS (the manifest's <c>sos</c>); null means by its kind: a panic
/// button may, no other device may (see <see cref="DeviceInfo.RaisesSos"/>).
/// </param>
public sealed record DeviceInfo(string Id, DeviceKind Kind, string LocationId, TimeSpan HeartbeatInterval, TimeOnly? ActiveFrom = null, TimeOnly? ActiveTo = null, bool? Sos = null)
{
    /// <summary>
    /// True when an SOS alarm from <paramref name="device"/> raises an SOS alert: a panic button's
    /// does, another device's only when the manifest says <c>"sos": true</c> (an intercom with an
    /// emergency key, say). So the key of a reader or a camera cannot page security with a critical alert.
    /// </summary>
    public static bool RaisesSos(DeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Sos ?? device.Kind == DeviceKind.PanicButton;
    }
}

/// <summary>A student on the roster with their guardians.</summary>
public sealed record StudentInfo(string Id, string Name, string Grade, string ClassId, bool Boarding, string? DormId, ImmutableArray<GuardianInfo> Guardians);

/// <summary>Which notices a guardian wants.</summary>
[Flags]
public enum NoticePreferences
{
    None = 0,
    Arrival = 1,
    Departure = 2,
    DormCheckIn = 4,
    All = Arrival | Departure | DormCheckIn,
}

/// <summary>A guardian: how to reach them, which notices they want, in which language, and when not to be disturbed.</summary>
/// <param name="Language">The language of their messages: <c>zh-CN</c> (default) or <c>en</c>.</param>
/// <param name="QuietFrom">Start of their quiet hours (local campus time; null: none). Notices then wait until <paramref name="QuietTo"/>, except safety notices.</param>
/// <param name="QuietTo">End of their quiet hours (local campus time); may be earlier than <paramref name="QuietFrom"/> (overnight).</param>
public sealed record GuardianInfo(
    string Id,
    string Name,
    string Contact,
    NoticePreferences Notices = NoticePreferences.All,
    string Language = GuardianInfo.DefaultLanguage,
    TimeOnly? QuietFrom = null,
    TimeOnly? QuietTo = null)
{
    /// <summary>The language of a guardian who names none.</summary>
    public const string DefaultLanguage = "zh-CN";

    /// <summary>The languages messages are written in.</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<string> Languages = ["zh-CN", "en"];
}

/// <summary>One period of the timetable (local times).</summary>
public sealed record Period(int Number, TimeOnly Start, TimeOnly End);

/// <summary>An approved leave: the student may be away from <paramref name="From"/> to <paramref name="To"/>.</summary>
public sealed record LeaveApproval(string LeaveId, string StudentId, DateTimeOffset From, DateTimeOffset To, string Reason, string ApprovedBy)
{
    public bool Covers(DateTimeOffset at) => at >= From && at < To;
}
