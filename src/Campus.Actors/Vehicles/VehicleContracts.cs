using System.Collections.Immutable;
using Campus.Actors.Devices;
using Campus.Actors.Reference;

namespace Campus.Actors.Vehicles;

/// <summary>What a vehicle on a list is.</summary>
public enum VehicleCategory
{
    /// <summary>A staff member's vehicle: any time.</summary>
    Staff,

    /// <summary>A registered service vehicle (maintenance, canteen supplier): within its allowed hours.</summary>
    Service,

    /// <summary>A registered delivery vehicle: within its allowed hours.</summary>
    Delivery,

    /// <summary>A visitor's vehicle from a visit registration: during the visit.</summary>
    Visitor,

    /// <summary>On no list.</summary>
    Unknown,

    /// <summary>On the watch list.</summary>
    Watched,
}

/// <summary>A vehicle of the campus's lists (manifest <c>vehicles</c>).</summary>
/// <param name="Plate">The plate, normalised.</param>
/// <param name="Owner">Whose it is or what it is for ("Mr Zhao", "Canteen supplier").</param>
/// <param name="AllowedFrom">Local time its allowed hours begin (null: any time).</param>
/// <param name="AllowedTo">Local time its allowed hours end (null: any time); may be earlier than from (overnight).</param>
public sealed record VehicleInfo(string Plate, VehicleCategory Category, string Owner, TimeOnly? AllowedFrom = null, TimeOnly? AllowedTo = null);

/// <summary>The vehicle registry's part of the reference data: the listed vehicles and the campus rules.</summary>
public sealed record VehiclesConfigured(ImmutableArray<VehicleInfo> Vehicles, CampusRules Rules);

/// <summary>
/// A plate camera at a vehicle gate read a plate; sent by the camera's device entity to
/// <c>vehicles/{campus}/registry</c>. <paramref name="Confidence"/> is from 0 to 1.
/// </summary>
public sealed record PlateRead(string DeviceId, string EventId, string GateId, string GateName, string Plate, Direction Direction, double Confidence, DateTimeOffset At);

/// <summary>A visit with a vehicle was registered or approved: its plate may come in from <paramref name="From"/> until the visit ends.</summary>
public sealed record VisitorVehicleExpected(string Code, string Plate, string VisitorName, DateTimeOffset From, DateTimeOffset Until);

/// <summary>The visit of a vehicle ended (checked out, or declined): the vehicle should leave within <see cref="CampusRules.VisitorVehicleGrace"/>.</summary>
public sealed record VisitorVehicleVisitEnded(string Code, string Plate);

/// <summary>Timer: the grace after a visit ended is over; is the visitor's vehicle still inside?</summary>
public sealed record VisitorVehicleDue(string Plate, string Code);

/// <summary>
/// Output: one entry of the vehicle log. A read below <see cref="CampusRules.PlateMinConfidence"/>
/// is recorded (<paramref name="LowConfidence"/>) but raises nothing and does not move the vehicle.
/// </summary>
/// <param name="Owner">The listed owner, the visitor's name, or null when unknown.</param>
/// <param name="Inside">Vehicles inside after this passage (by the registry's count).</param>
public sealed record VehiclePassed(
    string CampusId,
    string EventId,
    string DeviceId,
    string GateId,
    string Plate,
    Direction Direction,
    double Confidence,
    bool LowConfidence,
    VehicleCategory Category,
    string? Owner,
    string? VisitCode,
    int Inside,
    DateTimeOffset At);

/// <summary>Plates as cameras and people write them: "京A·12345", "jA 12345", "京A-12345" are one plate.</summary>
public static class Plates
{
    /// <summary>The longest plate, in characters.</summary>
    public const int MaxLength = 16;

    /// <summary>Upper-case letters and digits only: spaces, dots, middle dots and dashes dropped.</summary>
    public static string Normalize(string plate)
    {
        ArgumentNullException.ThrowIfNull(plate);
        return new string([.. plate.Where(c => char.IsLetterOrDigit(c)).Select(char.ToUpperInvariant)]);
    }

    /// <summary>Why <paramref name="plate"/> (as given) is not a plate, or null when it is one.</summary>
    public static string? Error(string? plate)
    {
        if (string.IsNullOrWhiteSpace(plate)) return "is required";
        var normalized = Normalize(plate);
        if (normalized.Length < 2 || normalized.Length > MaxLength)
            return $"must have 2 to {MaxLength} letters and digits (spaces, dots and dashes are ignored)";
        return null;
    }
}
