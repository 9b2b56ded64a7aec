using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Reference;
using Campus.Actors.Entities;

namespace Campus.Actors.Zones;

/// <summary>
/// The state of one camera zone: what it is (from <see cref="ZoneConfigured"/>), how many people
/// the camera last counted there, and when.
/// </summary>
/// <param name="Latest">The newest observation time: older observations neither change the occupancy nor, past <see cref="CampusRules.StaleAfter"/>, raise alerts.</param>
public sealed record ZoneState(
    string ZoneId,
    ZoneInfo? Zone = null,
    CampusRules? Rules = null,
    int Occupancy = 0,
    DateTimeOffset? Latest = null);

/// <summary>
/// A camera zone (<c>zone/{campus}/{zoneId}</c>): tracks its occupancy; a person in a hazard zone
/// (pond, rooftop) raises restricted-zone at any time, a person in a restricted zone outside its
/// open hours raises intruder; a normal zone raises nothing.
/// </summary>
public sealed class ZoneBehavior : EntityBehavior<ZoneState>
{
    public override string Kind => "zone";

    public override ZoneState Initial(EntityId id) => new(id.Key);

    public override ZoneState Handle(ZoneState state, object message, EntityContext context) => message switch
    {
        ZoneConfigured configured => state with { Zone = configured.Zone, Rules = configured.Rules },
        ZoneObserved observed when state is { Zone: not null, Rules: not null } => Observe(state, state.Zone, state.Rules, observed, context),
        ZoneObserved => Defer(state, context),
        _ => state,
    };

    /// <summary>A camera count before the zone is configured waits until it is.</summary>
    private static ZoneState Defer(ZoneState state, EntityContext context)
    {
        context.Defer();
        return state;
    }

    private static ZoneState Observe(ZoneState state, ZoneInfo zone, CampusRules rules, ZoneObserved observed, EntityContext context)
    {
        var next = state;
        if (state.Latest is not { } latest || observed.At >= latest)
        {
            next = state with { Latest = observed.At };
            if (observed.Count != state.Occupancy)
            {
                next = next with { Occupancy = observed.Count };
                context.Emit(new ZoneOccupancyChanged(rules.CampusId, zone.Id, observed.Count, observed.At));
            }
        }
        var stale = rules.IsStale(observed.At, state.Latest);
        if (observed.Count > 0 && !stale)
        {
            RaiseAlerts(zone, rules, observed.At, context);
        }
        return next;
    }

    private static void RaiseAlerts(ZoneInfo zone, CampusRules rules, DateTimeOffset at, EntityContext context)
    {
        var subject = new AlertSubject("zone", zone.Id, zone.Name);
        switch (zone.Kind)
        {
            case ZoneKind.Hazard:
                context.RaiseAlert(rules, AlertKind.RestrictedZone, Severity.Critical, subject, rules.HourWindow(at),
                    zone.Id, null, $"Person detected at {zone.Name}");
                break;
            case ZoneKind.Restricted when !LocalHours.Contains(zone.OpenFrom, zone.OpenTo, rules.LocalTime(at)):
                context.RaiseAlert(rules, AlertKind.Intruder, Severity.High, subject, rules.HourWindow(at),
                    zone.Id, null, $"Person in {zone.Name} outside its open hours");
                break;
            default:
                break;
        }
    }
}
