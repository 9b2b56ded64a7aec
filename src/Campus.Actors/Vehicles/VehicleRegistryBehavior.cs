using System.Collections.Immutable;
using System.Globalization;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Entities;
using Campus.Actors.Reference;
using Campus.Actors.Visitors;

namespace Campus.Actors.Vehicles;

/// <summary>A visitor's vehicle the registry expects, from a visit registration.</summary>
/// <param name="Code">The visit's code.</param>
/// <param name="Ended">The visit ended (checked out or declined): the vehicle should leave within the grace.</param>
public sealed record VisitorVehicle(string Code, string VisitorName, DateTimeOffset From, DateTimeOffset Until, bool Ended = false);

/// <summary>A vehicle inside the campus, as far as the plate cameras have seen.</summary>
/// <param name="EnteredAt">The time of the read that brought it in.</param>
/// <param name="GateId">The gate it came in through.</param>
/// <param name="Category">What it was when it came in (a visitor's, once the visit of an unknown vehicle inside is registered).</param>
/// <param name="UnknownAlert">The entity id (text) of the unknown-vehicle alert it raised, cleared when it leaves.</param>
/// <param name="OverstayAlert">The entity id (text) of the visitor-vehicle-overstay alert it raised, cleared when it leaves.</param>
public sealed record VehicleInside(DateTimeOffset EnteredAt, string GateId, VehicleCategory Category, string? UnknownAlert = null, string? OverstayAlert = null);

/// <summary>
/// The state of a campus vehicle registry: the listed vehicles and rules (from
/// <see cref="VehiclesConfigured"/>; null until configured), the watched plates, the visitor
/// vehicles expected, the vehicles inside and the newest read time seen. Every key is a
/// normalised plate (<see cref="Plates.Normalize"/>).
/// </summary>
public sealed record VehicleRegistryState(string CampusId)
{
    public CampusRules? Rules { get; init; }

    /// <summary>The listed vehicles (staff, service, delivery) by plate.</summary>
    public ImmutableDictionary<string, VehicleInfo> Listed { get; init; } = ImmutableDictionary<string, VehicleInfo>.Empty;

    /// <summary>The watched plates, each with the reason it is watched.</summary>
    public ImmutableDictionary<string, string> Watched { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Visitors' vehicles by plate: expected, or ended and still inside.</summary>
    public ImmutableDictionary<string, VisitorVehicle> Visitors { get; init; } = ImmutableDictionary<string, VisitorVehicle>.Empty;

    /// <summary>The vehicles inside by plate.</summary>
    public ImmutableDictionary<string, VehicleInside> Inside { get; init; } = ImmutableDictionary<string, VehicleInside>.Empty;

    /// <summary>The newest read time seen: a read older than this by more than the stale limit raises nothing.</summary>
    public DateTimeOffset? Latest { get; init; }
}

/// <summary>
/// The campus vehicle registry, <c>vehicles/{campus}/registry</c>: every plate read is logged
/// (<see cref="VehiclePassed"/>) with what the vehicle is: watched, staff, service, delivery,
/// a visitor's, or unknown. A watched plate raises a watch-list alert at once (either way through
/// the gate); an unknown vehicle coming in raises unknown-vehicle, cleared when it leaves; a
/// service or delivery vehicle coming in outside its allowed hours raises vehicle-outside-hours;
/// a visitor's vehicle still inside <see cref="CampusRules.VisitorVehicleGrace"/> after the visit
/// ended raises visitor-vehicle-overstay, cleared when it leaves. Staff vehicles come and go freely.
/// </summary>
/// <remarks>
/// Decisions: a read before the registry is configured is deferred until it is; the watch list
/// and visitor vehicles are recorded whenever they come. A read below
/// <see cref="CampusRules.PlateMinConfidence"/> is logged and does nothing else. A stale read
/// (older than <see cref="CampusRules.StaleAfter"/> before the newest) raises nothing and does not
/// bring a vehicle in (it may have left since), but an exit still takes the vehicle out and clears
/// its alerts. An exit older than the vehicle's entry does not take it out. A visitor's vehicle
/// that came in unknown (before the guard registered the visit) becomes the visitor's, and its
/// unknown-vehicle alert clears. Ended visits are forgotten once their vehicle is out; a visit
/// whose vehicle never came is forgotten <see cref="ForgetNoShowAfter"/> after it was to end.
/// </remarks>
public sealed class VehicleRegistryBehavior : EntityBehavior<VehicleRegistryState>
{
    /// <summary>How long after a visit was to end the registry still expects a vehicle that never came in.</summary>
    public static readonly TimeSpan ForgetNoShowAfter = TimeSpan.FromDays(1);

    public override string Kind => "vehicles";

    public override VehicleRegistryState Initial(EntityId id) => new(id.Campus);

    /// <summary>The name of the timer that checks a visitor's vehicle left after its visit ended.</summary>
    public static string VisitorTimer(string plate) => "visitor:" + plate;

    public override VehicleRegistryState Handle(VehicleRegistryState state, object message, EntityContext context) => message switch
    {
        VehiclesConfigured configured => state with
        {
            Rules = configured.Rules,
            Listed = configured.Vehicles.IsDefault
                ? ImmutableDictionary<string, VehicleInfo>.Empty
                : configured.Vehicles.GroupBy(v => Plates.Normalize(v.Plate), StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal),
        },
        PlateWatched watched => state with { Watched = state.Watched.SetItem(Plates.Normalize(watched.Plate), watched.Reason) },
        PlateUnwatched unwatched => state.Watched.ContainsKey(Plates.Normalize(unwatched.Plate))
            ? state with { Watched = state.Watched.Remove(Plates.Normalize(unwatched.Plate)) }
            : state,
        VisitorVehicleExpected expected => Expect(state, expected, context),
        VisitorVehicleVisitEnded ended => EndVisit(state, ended, context),
        VisitorVehicleDue due when state.Rules is { } rules => Due(state, rules, due, context),
        PlateRead read when state.Rules is { } rules => Read(state, rules, read, context),
        PlateRead => Defer(state, context),
        _ => state,
    };

    private static VehicleRegistryState Defer(VehicleRegistryState state, EntityContext context)
    {
        context.Defer();
        return state;
    }

    private static VehicleRegistryState Read(VehicleRegistryState state, CampusRules rules, PlateRead read, EntityContext context)
    {
        var plate = Plates.Normalize(read.Plate);
        var at = read.At;
        var stale = rules.IsStale(at, state.Latest);
        var lowConfidence = read.Confidence < rules.PlateMinConfidence;
        var next = Forget(state with { Latest = state.Latest is { } seen && seen > at ? seen : at }, context.Now);
        var (category, owner, visitCode) = Classify(next, plate);

        if (!lowConfidence)
        {
            if (!stale && category == VehicleCategory.Watched)
                RaiseWatched(rules, plate, state.Watched[plate], read, context);
            next = read.Direction == Direction.In
                ? Enter(next, rules, plate, category, stale, read, context)
                : Leave(next, rules, plate, at, context);
        }

        context.Emit(new VehiclePassed(rules.CampusId, read.EventId, read.DeviceId, read.GateId, plate, read.Direction, read.Confidence,
            lowConfidence, category, owner, visitCode, next.Inside.Count, at));
        return next;
    }

    /// <summary>What a plate is, who it belongs to, and its visit code when it is a visitor's.</summary>
    private static (VehicleCategory Category, string? Owner, string? VisitCode) Classify(VehicleRegistryState state, string plate)
    {
        var listed = state.Listed.GetValueOrDefault(plate) is { Category: VehicleCategory.Staff or VehicleCategory.Service or VehicleCategory.Delivery } vehicle ? vehicle : null;
        var visitor = state.Visitors.GetValueOrDefault(plate) is { } v && (!v.Ended || state.Inside.ContainsKey(plate)) ? v : null;
        var owner = listed?.Owner ?? visitor?.VisitorName;
        if (state.Watched.ContainsKey(plate)) return (VehicleCategory.Watched, owner, visitor?.Code);
        if (listed is not null) return (listed.Category, owner, null);
        if (visitor is not null) return (VehicleCategory.Visitor, owner, visitor.Code);
        return (VehicleCategory.Unknown, null, null);
    }

    /// <summary>A vehicle comes in: it is inside from now, and an unknown vehicle or one outside its hours raises its alert (a stale read does neither).</summary>
    private static VehicleRegistryState Enter(VehicleRegistryState state, CampusRules rules, string plate, VehicleCategory category, bool stale, PlateRead read, EntityContext context)
    {
        if (stale) return state;
        var at = read.At;
        var inside = state.Inside.GetValueOrDefault(plate) ?? new VehicleInside(at, read.GateId, category);
        var day = AlertEffects.DayWindow(rules.LocalDate(at));
        if (category == VehicleCategory.Unknown && inside.UnknownAlert is null)
        {
            var unknown = context.RaiseAlert(rules, AlertKind.UnknownVehicle, Severity.Warning, Subject(plate), day,
                read.GateId, null, $"Unknown vehicle {plate} entered at {read.GateName}");
            inside = inside with { UnknownAlert = unknown.ToString() };
        }
        else if (category is VehicleCategory.Service or VehicleCategory.Delivery && state.Listed.GetValueOrDefault(plate) is { } vehicle
            && !LocalHours.Contains(vehicle.AllowedFrom, vehicle.AllowedTo, rules.LocalTime(at)))
        {
            var what = category == VehicleCategory.Delivery ? "Delivery" : "Service";
            context.RaiseAlert(rules, AlertKind.VehicleOutsideHours, Severity.Warning, Subject(plate), day, read.GateId, null,
                $"{what} vehicle {plate} ({vehicle.Owner}) entered at {Clock(rules, at)}, outside its hours {Hours(vehicle.AllowedFrom, vehicle.AllowedTo)}");
        }
        // staff any time, a visitor during the visit, a watched vehicle (its alert is raised already): nothing more
        return state with { Inside = state.Inside.SetItem(plate, inside) };
    }

    /// <summary>A vehicle goes out: no longer inside, its open alerts clear and its visit check (if any) is cancelled.</summary>
    private static VehicleRegistryState Leave(VehicleRegistryState state, CampusRules rules, string plate, DateTimeOffset at, EntityContext context)
    {
        if (state.Inside.GetValueOrDefault(plate) is not { } inside || at < inside.EnteredAt) return state;
        var note = "left at " + Clock(rules, at);
        foreach (var alert in new[] { inside.UnknownAlert, inside.OverstayAlert })
        {
            if (alert is not null) context.ClearAlert(EntityId.Parse(alert), ResolutionOutcome.ConditionCleared, note);
        }
        var next = state with { Inside = state.Inside.Remove(plate) };
        if (next.Visitors.GetValueOrDefault(plate) is { } visitor)
        {
            if (context.HasTimer(VisitorTimer(plate))) context.CancelTimer(VisitorTimer(plate));
            if (visitor.Ended) next = next with { Visitors = next.Visitors.Remove(plate) };
        }
        return next;
    }

    /// <summary>A watched plate at a gate: the watch list's chain (security at once), like a visitor matching the list.</summary>
    private static void RaiseWatched(CampusRules rules, string plate, string reason, PlateRead read, EntityContext context)
    {
        var subject = Subject(plate);
        var alert = Incidents.For(rules.CampusId, AlertKind.WatchList, subject.Id, rules.HourWindow(read.At));
        context.Tell(alert, new RaiseAlert(AlertKind.WatchList, Severity.High, subject, read.GateId, null,
            $"Watch-listed vehicle {plate} ({reason}) at {read.GateName}", WatchListBehavior.Escalation, WatchListBehavior.RemindEvery));
    }

    /// <summary>
    /// A visit with a vehicle was registered: its plate is a visitor's from now on. A vehicle already
    /// inside as unknown (it came in before the guard registered the visit) becomes the visitor's,
    /// and its unknown-vehicle alert clears.
    /// </summary>
    private static VehicleRegistryState Expect(VehicleRegistryState state, VisitorVehicleExpected expected, EntityContext context)
    {
        var plate = Plates.Normalize(expected.Plate);
        if (state.Visitors.GetValueOrDefault(plate) is { } known && known.Code == expected.Code && (known.Ended || known == Expected(expected)))
            return state; // a repeat, or the registration of a visit that has ended: it does not start again
        if (context.HasTimer(VisitorTimer(plate))) context.CancelTimer(VisitorTimer(plate)); // another visit of the same vehicle
        var next = Forget(state, context.Now);
        next = next with
        {
            Visitors = next.Visitors.SetItem(plate, Expected(expected)),
        };
        if (next.Inside.GetValueOrDefault(plate) is { Category: VehicleCategory.Unknown } inside)
        {
            if (inside.UnknownAlert is { } alert)
                context.ClearAlert(EntityId.Parse(alert), ResolutionOutcome.ConditionCleared, $"a visitor's vehicle (visit {expected.Code})");
            next = next with { Inside = next.Inside.SetItem(plate, inside with { Category = VehicleCategory.Visitor, UnknownAlert = null }) };
        }
        return next;
    }

    /// <summary>The visit ended: a vehicle still inside must leave within the grace; one that is out is forgotten.</summary>
    private static VehicleRegistryState EndVisit(VehicleRegistryState state, VisitorVehicleVisitEnded ended, EntityContext context)
    {
        var plate = Plates.Normalize(ended.Plate);
        if (state.Visitors.GetValueOrDefault(plate) is not { } visitor || visitor.Code != ended.Code || visitor.Ended) return state;
        // Nothing is inside before the registry is configured (reads wait for it).
        if (state.Rules is not { } rules || !state.Inside.ContainsKey(plate)) return state with { Visitors = state.Visitors.Remove(plate) };
        context.SetTimer(VisitorTimer(plate), context.Now + rules.VisitorVehicleGrace, new VisitorVehicleDue(plate, ended.Code));
        return state with { Visitors = state.Visitors.SetItem(plate, visitor with { Ended = true }) };
    }

    /// <summary>The grace after the visit is over: a vehicle still inside raises visitor-vehicle-overstay.</summary>
    private static VehicleRegistryState Due(VehicleRegistryState state, CampusRules rules, VisitorVehicleDue due, EntityContext context)
    {
        if (state.Inside.GetValueOrDefault(due.Plate) is not { } inside
            || state.Visitors.GetValueOrDefault(due.Plate) is not { Ended: true } visitor || visitor.Code != due.Code) return state;
        var minutes = rules.VisitorVehicleGrace.TotalMinutes.ToString("0", CultureInfo.InvariantCulture);
        var alert = context.RaiseAlert(rules, AlertKind.VisitorVehicleOverstay, Severity.Warning, Subject(due.Plate), due.Code,
            inside.GateId, null, $"Visitor vehicle {due.Plate} ({visitor.VisitorName}) still inside {minutes} min after the visit ended");
        return state with { Inside = state.Inside.SetItem(due.Plate, inside with { OverstayAlert = alert.ToString() }) };
    }

    private static VisitorVehicle Expected(VisitorVehicleExpected expected) =>
        new(expected.Code, expected.VisitorName, expected.From, expected.Until);

    /// <summary>Forgets visits whose vehicle never came in, a while after they were to end.</summary>
    private static VehicleRegistryState Forget(VehicleRegistryState state, DateTimeOffset now)
    {
        var gone = state.Visitors.Where(v => !state.Inside.ContainsKey(v.Key) && now - v.Value.Until > ForgetNoShowAfter).Select(v => v.Key).ToList();
        return gone.Count == 0 ? state : state with { Visitors = state.Visitors.RemoveRange(gone) };
    }

    private static AlertSubject Subject(string plate) => new("vehicle", plate, plate);

    private static string Clock(CampusRules rules, DateTimeOffset at) =>
        rules.LocalTime(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Hours(TimeOnly? from, TimeOnly? to) =>
        $"{(from ?? TimeOnly.MinValue).ToString("HH:mm", CultureInfo.InvariantCulture)}-{(to is { } end ? end.ToString("HH:mm", CultureInfo.InvariantCulture) : "24:00")}";
}
