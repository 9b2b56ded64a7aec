using Campus.Actors.Alerts;
using Campus.Actors.Entities;
using Campus.Actors.Reference;
using Campus.Actors.Visitors;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>The campus watch list: its entries, the plates it tells the vehicle registry, and screening visitors.</summary>
public sealed class WatchListBehaviorTests
{
    private const string Hash = "9f2c4e1ab37d";
    private const string Plate = "京A12345";

    private static readonly DateTimeOffset At = TestCampus.Local(TestCampus.Monday, 8, 0);
    private static readonly EntityId Vehicles = CampusIds.Vehicles(TestCampus.Id);

    private static EntityTester<WatchListState> List() => new(new WatchListBehavior(), CampusIds.WatchList(TestCampus.Id));

    private static AddWatchEntry Document(string id = "w1", string hash = Hash) =>
        new(id, WatchKind.Document, hash, "Zhao Gang (...567X)", "Court order", "security-1");

    private static AddWatchEntry PlateEntry(string id = "w2", string plate = Plate) =>
        new(id, WatchKind.Plate, plate, plate, "Harassment", "security-1");

    private static ScreenVisitor Screen(string? hash = null, string? plate = null, ScreeningStage stage = ScreeningStage.Registration, string? gateId = null) =>
        new("K7QM2XPA", "Zhao Gang", hash, plate, stage, gateId);

    [Fact]
    public void Adding_a_document_entry_emits_the_change_by_its_label_and_tells_nobody()
    {
        var list = List();

        var effects = list.Send(Document(), At);

        Assert.Equal([new WatchListChanged(TestCampus.Id, "w1", WatchKind.Document, "Zhao Gang (...567X)", "Court order", false, "security-1", At)],
            effects.Outputs);
        Assert.Empty(effects.Tells);
        Assert.Equal(Hash, list.State.Entries["w1"].Value);
    }

    [Fact]
    public void Adding_a_plate_entry_tells_the_vehicle_registry_the_plate_is_watched()
    {
        var effects = List().Send(PlateEntry(), At);

        Assert.Equal([(Vehicles, (object)new PlateWatched(Plate, "Harassment"))], effects.Tells);
        Assert.Single(effects.OutputsOf<WatchListChanged>());
    }

    [Fact]
    public void Replacing_a_plate_entry_with_another_plate_unwatches_the_old_plate()
    {
        var list = List();
        list.Send(PlateEntry(), At);

        var effects = list.Send(PlateEntry(plate: "沪B67890"), At.AddMinutes(1));

        Assert.Equal(
            [(Vehicles, (object)new PlateUnwatched(Plate)), (Vehicles, new PlateWatched("沪B67890", "Harassment"))],
            effects.Tells);
        Assert.Single(list.State.Entries);
    }

    [Fact]
    public void Replacing_a_plate_entry_keeps_a_plate_another_entry_still_watches()
    {
        var list = List();
        list.Send(PlateEntry("w2"), At);
        list.Send(PlateEntry("w3"), At);

        var effects = list.Send(Document("w2"), At.AddMinutes(1));

        Assert.Empty(effects.Tells);
        Assert.Equal(WatchKind.Document, list.State.Entries["w2"].Kind);
    }

    [Fact]
    public void Removing_a_plate_entry_emits_the_removal_and_unwatches_the_plate()
    {
        var list = List();
        list.Send(PlateEntry(), At);

        var effects = list.Send(new RemoveWatchEntry("w2", "security-2"), At.AddHours(1));

        Assert.Equal([new WatchListChanged(TestCampus.Id, "w2", WatchKind.Plate, Plate, "Harassment", true, "security-2", At.AddHours(1))], effects.Outputs);
        Assert.Equal([(Vehicles, (object)new PlateUnwatched(Plate))], effects.Tells);
        Assert.Empty(list.State.Entries);
    }

    [Fact]
    public void Removing_one_of_two_entries_for_a_plate_keeps_it_watched()
    {
        var list = List();
        list.Send(PlateEntry("w2"), At);
        list.Send(PlateEntry("w3"), At);

        var effects = list.Send(new RemoveWatchEntry("w2", "security-2"), At.AddHours(1));

        Assert.Empty(effects.Tells);
        Assert.Single(effects.OutputsOf<WatchListChanged>());
    }

    [Fact]
    public void Removing_an_unknown_entry_does_nothing()
    {
        var list = List();
        list.Send(Document(), At);

        Assert.True(list.Send(new RemoveWatchEntry("nope", "security-2"), At.AddHours(1)).IsEmpty);
        Assert.Single(list.State.Entries);
    }

    [Fact]
    public void A_visitor_whose_document_is_on_the_list_raises_one_high_alert_to_security_at_registration()
    {
        var list = List();
        list.Send(Document(), At);

        var effects = list.Send(Screen(hash: Hash), At.AddMinutes(5));

        var (target, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Empty(effects.Outputs);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.WatchList, "K7QM2XPA", "registration"), target);
        Assert.Equal((AlertKind.WatchList, Severity.High, (string?)null, "visitors"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("visitor", "K7QM2XPA", "Zhao Gang"), raise.Subject);
        Assert.Equal("Visitor Zhao Gang matches the watch list (Court order) at registration", raise.Message);
        Assert.Equal(WatchListBehavior.Escalation, raise.Escalation);
        Assert.Equal("security", AlertEffects.RoleFor(raise.Escalation[0].Role, raise.Scope));
        Assert.Equal(TimeSpan.Zero, raise.Escalation[0].After);
    }

    [Fact]
    public void A_visitor_whose_plate_is_on_the_list_raises_a_check_in_alert_at_the_gate()
    {
        var list = List();
        list.Send(PlateEntry(), At);

        var effects = list.Send(Screen(plate: Plate, stage: ScreeningStage.CheckIn, gateId: "gate-n"), At.AddHours(1));

        var (target, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.WatchList, "K7QM2XPA", "check-in"), target);
        Assert.Equal("gate-n", raise.LocationId);
        Assert.Equal("Visitor Zhao Gang matches the watch list (Harassment) at check-in at gate-n", raise.Message);
    }

    [Fact]
    public void A_visitor_matching_by_document_and_plate_raises_one_alert_per_stage()
    {
        var list = List();
        list.Send(Document(), At);
        list.Send(PlateEntry(), At);

        var registration = list.Send(Screen(Hash, Plate), At.AddMinutes(5));
        var checkIn = list.Send(Screen(Hash, Plate, ScreeningStage.CheckIn, "gate-n"), At.AddHours(1));

        Assert.Single(registration.Tells);
        Assert.Single(checkIn.Tells);
        Assert.NotEqual(Assert.Single(registration.TellsOf<RaiseAlert>()).Target, Assert.Single(checkIn.TellsOf<RaiseAlert>()).Target);
    }

    [Fact]
    public void A_visitor_not_on_the_list_causes_no_effect()
    {
        var list = List();
        list.Send(Document(), At);
        list.Send(PlateEntry(), At);
        var before = list.State;

        var effects = list.Send(Screen("0000aaaa", "沪B67890"), At.AddMinutes(5));

        Assert.True(effects.IsEmpty);
        Assert.Equal(before.Entries.Count, list.State.Entries.Count);
    }

    [Fact]
    public void A_removed_entry_no_longer_matches()
    {
        var list = List();
        list.Send(Document(), At);
        list.Send(new RemoveWatchEntry("w1", "security-2"), At.AddMinutes(1));

        Assert.True(list.Send(Screen(hash: Hash), At.AddMinutes(5)).IsEmpty);
    }
}
