using Campus.Actors.Alerts;
using Campus.Actors.Reference;
using Campus.Actors.Zones;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

public sealed class ZoneBehaviorTests
{
    private static readonly DateOnly Monday = TestCampus.Monday;

    private static EntityTester<ZoneState> Zone(string zoneId)
    {
        var info = TestCampus.Manifest().Zones.Single(z => z.Id == zoneId);
        var tester = new EntityTester<ZoneState>(new ZoneBehavior(), CampusIds.Zone(TestCampus.Id, zoneId));
        tester.Send(new ZoneConfigured(info, TestCampus.Rules()), TestCampus.Local(Monday, 0, 0));
        return tester;
    }

    private static Effects Observe(EntityTester<ZoneState> zone, int count, DateTimeOffset at) =>
        zone.Send(new ZoneObserved("cam-" + zone.Id.Key, "e-" + at.ToUnixTimeSeconds(), null, count, at), at);

    [Fact]
    public void Person_at_a_hazard_zone_at_night_raises_a_critical_restricted_zone_alert()
    {
        var zone = Zone("pond");
        var at = TestCampus.Local(Monday, 23, 40);

        var effects = Observe(zone, 1, at);

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.RestrictedZone, "pond", "2026-11-23T23"), alert);
        Assert.Equal((AlertKind.RestrictedZone, Severity.Critical, null, "pond"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("zone", "pond", "Lotus Pond"), raise.Subject);
        Assert.Equal("Person detected at Lotus Pond", raise.Message);
    }

    [Fact]
    public void Person_at_a_hazard_zone_during_the_school_day_raises_restricted_zone_too()
    {
        var zone = Zone("rooftop");

        var effects = Observe(zone, 2, TestCampus.Local(Monday, 10, 20));

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.RestrictedZone, "rooftop", "2026-11-23T10"), alert);
        Assert.Equal(Severity.Critical, raise.Severity);
    }

    [Fact]
    public void Person_in_a_restricted_zone_within_its_open_hours_raises_nothing()
    {
        var zone = Zone("lab");

        var effects = Observe(zone, 1, TestCampus.Local(Monday, 9, 0));

        Assert.Empty(effects.Tells);
    }

    [Fact]
    public void Person_in_a_restricted_zone_outside_its_open_hours_raises_an_intruder_alert()
    {
        var zone = Zone("lab");
        var at = TestCampus.Local(Monday, 17, 5);

        var effects = Observe(zone, 1, at);

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "lab", "2026-11-23T17"), alert);
        Assert.Equal((AlertKind.Intruder, Severity.High, null, "lab"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("zone", "lab", "Chemistry Lab"), raise.Subject);
        Assert.Equal("Person in Chemistry Lab outside its open hours", raise.Message);
    }

    [Fact]
    public void Person_in_a_normal_zone_raises_nothing()
    {
        var zone = Zone("playground");

        var effects = Observe(zone, 30, TestCampus.Local(Monday, 23, 0));

        Assert.Empty(effects.Tells);
    }

    [Fact]
    public void Occupancy_change_is_emitted_only_when_the_count_changes()
    {
        var zone = Zone("playground");
        var first = TestCampus.Local(Monday, 12, 0);

        var changed = Observe(zone, 4, first);
        var same = Observe(zone, 4, first.AddMinutes(1));
        var emptied = Observe(zone, 0, first.AddMinutes(2));

        Assert.Equal([new ZoneOccupancyChanged(TestCampus.Id, "playground", 4, first)], changed.Outputs);
        Assert.True(same.IsEmpty);
        Assert.Equal([new ZoneOccupancyChanged(TestCampus.Id, "playground", 0, first.AddMinutes(2))], emptied.Outputs);
    }

    [Fact]
    public void Observation_older_than_the_last_one_does_not_change_the_occupancy()
    {
        var zone = Zone("playground");
        Observe(zone, 4, TestCampus.Local(Monday, 12, 5));

        var effects = Observe(zone, 9, TestCampus.Local(Monday, 12, 0));

        Assert.True(effects.IsEmpty);
        Assert.Equal(4, zone.State.Occupancy);
    }

    [Fact]
    public void Stale_observation_at_a_hazard_zone_raises_no_alert()
    {
        var zone = Zone("pond");
        Observe(zone, 0, TestCampus.Local(Monday, 12, 0));

        var effects = Observe(zone, 1, TestCampus.Local(Monday, 9, 0));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void An_observation_before_the_zone_is_configured_waits_and_raises_its_alert_once_it_is()
    {
        var zone = new EntityTester<ZoneState>(new ZoneBehavior(), CampusIds.Zone(TestCampus.Id, "pond"));
        var at = TestCampus.Local(Monday, 23, 40);

        Assert.True(Observe(zone, 1, at).Deferred);
        Assert.Equal(0, zone.State.Occupancy);

        var effects = zone.Send(new ZoneConfigured(TestCampus.Manifest().Zones.Single(z => z.Id == "pond"), TestCampus.Rules()), at.AddSeconds(1));
        Assert.Single(effects.TellsOf<RaiseAlert>(), r => r.Message.Kind == AlertKind.RestrictedZone);
        Assert.Equal(1, zone.State.Occupancy);
    }
}
