using System.Collections.Immutable;
using Campus.Actors.Entities;

namespace Campus.Actors.Reference;

/// <summary>
/// Load or change a campus's reference data; sent to <c>campus/{campus}/config</c>, which tells
/// every entity of the campus its part (<c>…Configured</c> messages). Goes through the shard log
/// like any input, so replay rebuilds the same configuration.
/// </summary>
public sealed record ConfigureCampus(CampusManifest Manifest);

/// <summary>Entity ids of the campus domain.</summary>
public static class CampusIds
{
    public static EntityId Config(string campus) => new("campus", campus, "config");

    public static EntityId Student(string campus, string studentId) => new("student", campus, studentId);

    public static EntityId Dorm(string campus, string dormId) => new("dorm", campus, dormId);

    public static EntityId Gate(string campus, string gateId) => new("gate", campus, gateId);

    public static EntityId Zone(string campus, string zoneId) => new("zone", campus, zoneId);

    public static EntityId Classroom(string campus, string classroomId) => new("classroom", campus, classroomId);

    public static EntityId Device(string campus, string deviceId) => new("device", campus, deviceId);

    /// <summary>One visit, keyed by its visit code.</summary>
    public static EntityId Visit(string campus, string code) => new("visit", campus, code);

    /// <summary>The campus watch list (visitors' documents and plates).</summary>
    public static EntityId WatchList(string campus) => new("watchlist", campus, "list");

    /// <summary>The campus vehicle registry: the lists, the plate reads, the vehicles inside.</summary>
    public static EntityId Vehicles(string campus) => new("vehicles", campus, "registry");
}

/// <summary>A student's part of the reference data: their profile and the campus rules.</summary>
public sealed record StudentConfigured(StudentInfo Student, CampusRules Rules, DormInfo? Dorm);

/// <summary>A dorm's part: its times, its expected roster (boarding students), the campus rules, and everyone on the campus roster (a card not among them is an intruder).</summary>
public sealed record DormConfigured(DormInfo Dorm, ImmutableArray<string> Roster, CampusRules Rules, ImmutableArray<string> People = default);

/// <summary>A classroom's part: its roster, the campus rules (timetable, calendar), and everyone on the campus roster (a card not among them is dropped: class-boards raise no intruder alerts).</summary>
public sealed record ClassroomConfigured(ClassroomInfo Classroom, ImmutableArray<string> Roster, CampusRules Rules, ImmutableArray<string> People = default);

/// <summary>A gate's part, with everyone on the campus roster (a card not among them is an intruder).</summary>
public sealed record GateConfigured(GateInfo Gate, CampusRules Rules, ImmutableArray<string> People = default);

/// <summary>A camera zone's part.</summary>
public sealed record ZoneConfigured(ZoneInfo Zone, CampusRules Rules);

/// <summary>A device's part: what it is, where (with the place's name for alerts), and how often it must be heard.</summary>
public sealed record DeviceConfigured(DeviceInfo Device, CampusRules Rules, string? LocationName = null);
