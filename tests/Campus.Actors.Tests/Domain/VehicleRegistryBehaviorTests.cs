using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Reference;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

public sealed class VehicleRegistryBehaviorTests
{
    private const string Staff = "京A88888";
    private const string Delivery = "京B66666";
    private const string Stranger = "京A12345";
    private const string VisitorPlate = "京C12345";
    private const string Code = "K7QM2XPA";

    private static readonly DateOnly Monday = TestCampus.Monday;

    private static VehiclesConfigured Configured() => new(
    [
        new VehicleInfo(Staff, VehicleCategory.Staff, "Mr Zhao"),
        new VehicleInfo(Delivery, VehicleCategory.Delivery, "Canteen supplier", new(6, 0), new(9, 0)),
        new VehicleInfo("沪D11111", VehicleCategory.Service, "Boiler maintenance", new(22, 0), new(6, 0)),
    ], TestCampus.Rules());

    private static EntityTester<VehicleRegistryState> Registry(bool configured = true)
    {
        var tester = new EntityTester<VehicleRegistryState>(new VehicleRegistryBehavior(), CampusIds.Vehicles(TestCampus.Id));
        if (configured) tester.Send(Configured(), TestCampus.Local(Monday, 0, 0));
        return tester;
    }

    private static PlateRead Read(string plate, DateTimeOffset at, Direction direction = Direction.In, double confidence = 0.97) =>
        new("gate-v-camera", $"e-{plate}-{at.ToUnixTimeSeconds()}-{direction}", "gate-v", "Vehicle Gate", plate, direction, confidence, at);

    private static Effects Pass(EntityTester<VehicleRegistryState> registry, string plate, DateTimeOffset at, Direction direction = Direction.In, double confidence = 0.97) =>
        registry.Send(Read(plate, at, direction, confidence), at);

    private static void ExpectVisitor(EntityTester<VehicleRegistryState> registry, DateTimeOffset at) =>
        registry.Send(new VisitorVehicleExpected(Code, VisitorPlate, "Wang Wei", TestCampus.Local(Monday, 9, 0), TestCampus.Local(Monday, 11, 0)), at);

    [Fact]
    public void A_staff_vehicle_comes_and_goes_any_time_and_is_only_logged()
    {
        var registry = Registry();
        var at = TestCampus.Local(Monday, 23, 40);

        var effects = Pass(registry, Staff, at);

        Assert.Empty(effects.Tells);
        var passed = Assert.Single(effects.OutputsOf<VehiclePassed>());
        Assert.Equal(new VehiclePassed(TestCampus.Id, Read(Staff, at).EventId, "gate-v-camera", "gate-v", Staff, Direction.In, 0.97, false,
            VehicleCategory.Staff, "Mr Zhao", null, 1, at), passed);
        var leaving = Pass(registry, Staff, at.AddMinutes(5), Direction.Out);
        Assert.Empty(leaving.Tells);
        Assert.Equal(0, Assert.Single(leaving.OutputsOf<VehiclePassed>()).Inside);
    }

    [Fact]
    public void An_unknown_vehicle_entering_raises_one_unknown_vehicle_alert_for_the_day()
    {
        var registry = Registry();
        var at = TestCampus.Local(Monday, 10, 5);

        var effects = Pass(registry, Stranger, at);

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.UnknownVehicle, Stranger, "2026-11-23"), alert);
        Assert.Equal((AlertKind.UnknownVehicle, Severity.Warning, null, "gate-v"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("vehicle", Stranger, Stranger), raise.Subject);
        Assert.Equal("Unknown vehicle 京A12345 entered at Vehicle Gate", raise.Message);
        var passed = Assert.Single(effects.OutputsOf<VehiclePassed>());
        Assert.Equal((VehicleCategory.Unknown, (string?)null, 1), (passed.Category, passed.Owner, passed.Inside));
    }

    [Fact]
    public void An_unknown_vehicle_leaving_clears_its_alert()
    {
        var registry = Registry();
        var alert = Assert.Single(Pass(registry, Stranger, TestCampus.Local(Monday, 10, 5)).TellsOf<RaiseAlert>()).Target;

        var effects = Pass(registry, Stranger, TestCampus.Local(Monday, 10, 42), Direction.Out);

        var (cleared, clear) = Assert.Single(effects.TellsOf<ClearAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(alert, cleared);
        Assert.Equal(new ClearAlert(ResolutionOutcome.ConditionCleared, "left at 10:42"), clear);
        Assert.Empty(registry.State.Inside);
    }

    [Fact]
    public void A_second_read_of_an_unknown_vehicle_already_inside_raises_nothing_more()
    {
        var registry = Registry();
        Pass(registry, Stranger, TestCampus.Local(Monday, 10, 5));

        var again = Pass(registry, Stranger, TestCampus.Local(Monday, 10, 6));

        Assert.Empty(again.Tells);
        Assert.Equal(1, Assert.Single(again.OutputsOf<VehiclePassed>()).Inside);
    }

    [Fact]
    public void A_delivery_vehicle_outside_its_hours_raises_vehicle_outside_hours()
    {
        var registry = Registry();
        var at = TestCampus.Local(Monday, 21, 10);

        var effects = Pass(registry, Delivery, at);

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.VehicleOutsideHours, Delivery, "2026-11-23"), alert);
        Assert.Equal((AlertKind.VehicleOutsideHours, Severity.Warning, null), (raise.Kind, raise.Severity, raise.Scope));
        Assert.Equal("Delivery vehicle 京B66666 (Canteen supplier) entered at 21:10, outside its hours 06:00-09:00", raise.Message);
        Assert.Equal((VehicleCategory.Delivery, "Canteen supplier"), (Assert.Single(effects.OutputsOf<VehiclePassed>()).Category, Assert.Single(effects.OutputsOf<VehiclePassed>()).Owner));
    }

    [Fact]
    public void A_delivery_vehicle_within_its_hours_is_only_logged()
    {
        var registry = Registry();

        var effects = Pass(registry, Delivery, TestCampus.Local(Monday, 7, 15));

        Assert.Empty(effects.Tells);
        Assert.Single(effects.OutputsOf<VehiclePassed>());
    }

    [Theory]
    [InlineData(23, 30, false)]
    [InlineData(5, 59, false)]
    [InlineData(6, 0, true)]
    [InlineData(14, 0, true)]
    public void A_service_vehicle_with_overnight_hours_is_judged_across_midnight(int hour, int minute, bool raises)
    {
        var registry = Registry();

        var effects = Pass(registry, "沪D11111", TestCampus.Local(Monday, hour, minute));

        Assert.Equal(raises, effects.TellsOf<RaiseAlert>().Count == 1);
        if (raises)
            Assert.StartsWith("Service vehicle 沪D11111 (Boiler maintenance) entered at", Assert.Single(effects.TellsOf<RaiseAlert>()).Message.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_watched_plate_raises_a_high_watch_list_alert_for_security_in_either_direction()
    {
        var registry = Registry();
        registry.Send(new PlateWatched(Stranger, "reported by police"), TestCampus.Local(Monday, 8, 0));
        var at = TestCampus.Local(Monday, 10, 5);

        var entering = Pass(registry, Stranger, at);
        var leaving = Pass(registry, Stranger, TestCampus.Local(Monday, 11, 20), Direction.Out);

        var (alert, raise) = Assert.Single(entering.TellsOf<RaiseAlert>());
        Assert.Single(entering.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.WatchList, Stranger, "2026-11-23T10"), alert);
        Assert.Equal((AlertKind.WatchList, Severity.High, null, "gate-v"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("vehicle", Stranger, Stranger), raise.Subject);
        Assert.Equal("Watch-listed vehicle 京A12345 (reported by police) at Vehicle Gate", raise.Message);
        Assert.Equal<EscalationStep>(WatchListBehavior.Escalation, raise.Escalation);
        Assert.Equal(WatchListBehavior.RemindEvery, raise.RemindEvery);
        Assert.Equal(VehicleCategory.Watched, Assert.Single(entering.OutputsOf<VehiclePassed>()).Category);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.WatchList, Stranger, "2026-11-23T11"), Assert.Single(leaving.TellsOf<RaiseAlert>()).Target);
        Assert.Single(leaving.Tells);
    }

    [Fact]
    public void A_listed_vehicle_on_the_watch_list_is_watched_and_an_unwatched_one_is_back_to_its_list()
    {
        var registry = Registry();
        registry.Send(new PlateWatched(Staff, "keys reported stolen"), TestCampus.Local(Monday, 8, 0));

        var watched = Pass(registry, Staff, TestCampus.Local(Monday, 9, 0));
        registry.Send(new PlateUnwatched(Staff), TestCampus.Local(Monday, 9, 30));
        var unwatched = Pass(registry, Staff, TestCampus.Local(Monday, 10, 0), Direction.Out);

        var passed = Assert.Single(watched.OutputsOf<VehiclePassed>());
        Assert.Equal((VehicleCategory.Watched, "Mr Zhao"), (passed.Category, passed.Owner));
        Assert.Equal(AlertKind.WatchList, Assert.Single(watched.TellsOf<RaiseAlert>()).Message.Kind);
        Assert.Empty(unwatched.Tells);
        Assert.Equal(VehicleCategory.Staff, Assert.Single(unwatched.OutputsOf<VehiclePassed>()).Category);
    }

    [Fact]
    public void A_low_confidence_read_is_logged_and_does_nothing_else()
    {
        var registry = Registry();
        registry.Send(new PlateWatched(Stranger, "reported by police"), TestCampus.Local(Monday, 8, 0));
        var at = TestCampus.Local(Monday, 10, 5);

        var watched = Pass(registry, Stranger, at, confidence: 0.6);
        var unknown = Pass(registry, "京E55555", at, confidence: 0.79);

        Assert.Empty(watched.Tells);
        Assert.Empty(unknown.Tells);
        var passed = Assert.Single(unknown.OutputsOf<VehiclePassed>());
        Assert.Equal((true, 0.79, 0, VehicleCategory.Unknown), (passed.LowConfidence, passed.Confidence, passed.Inside, passed.Category));
        Assert.True(Assert.Single(watched.OutputsOf<VehiclePassed>()).LowConfidence);
        Assert.Empty(registry.State.Inside);
    }

    [Fact]
    public void A_low_confidence_exit_does_not_take_a_vehicle_out()
    {
        var registry = Registry();
        Pass(registry, Stranger, TestCampus.Local(Monday, 10, 5));

        var effects = Pass(registry, Stranger, TestCampus.Local(Monday, 10, 30), Direction.Out, confidence: 0.5);

        Assert.Empty(effects.Tells);
        Assert.Equal(1, Assert.Single(effects.OutputsOf<VehiclePassed>()).Inside);
    }

    [Fact]
    public void A_stale_read_is_logged_and_raises_nothing()
    {
        var registry = Registry();
        Pass(registry, Staff, TestCampus.Local(Monday, 13, 0));
        registry.Send(new PlateWatched("京E55555", "reported by police"), TestCampus.Local(Monday, 13, 1));

        var unknown = Pass(registry, Stranger, TestCampus.Local(Monday, 10, 59));
        var watched = Pass(registry, "京E55555", TestCampus.Local(Monday, 10, 30));
        var delivery = Pass(registry, Delivery, TestCampus.Local(Monday, 5, 0));

        Assert.Empty(unknown.Tells);
        Assert.Empty(watched.Tells);
        Assert.Empty(delivery.Tells);
        Assert.Equal(VehicleCategory.Unknown, Assert.Single(unknown.OutputsOf<VehiclePassed>()).Category);
        Assert.Equal(new[] { Staff }, registry.State.Inside.Keys);
    }

    [Fact]
    public void A_stale_exit_still_takes_the_vehicle_out_and_clears_its_alert()
    {
        var registry = Registry();
        Pass(registry, Stranger, TestCampus.Local(Monday, 10, 0));
        Pass(registry, Staff, TestCampus.Local(Monday, 13, 0));

        var effects = Pass(registry, Stranger, TestCampus.Local(Monday, 10, 40), Direction.Out);

        Assert.Equal(new ClearAlert(ResolutionOutcome.ConditionCleared, "left at 10:40"), Assert.Single(effects.TellsOf<ClearAlert>()).Message);
        Assert.Equal(1, Assert.Single(effects.OutputsOf<VehiclePassed>()).Inside);
    }

    [Fact]
    public void An_exit_read_older_than_the_entry_does_not_take_the_vehicle_out()
    {
        var registry = Registry();
        Pass(registry, Staff, TestCampus.Local(Monday, 10, 0));

        var effects = Pass(registry, Staff, TestCampus.Local(Monday, 9, 50), Direction.Out);

        Assert.Equal(1, Assert.Single(effects.OutputsOf<VehiclePassed>()).Inside);
    }

    [Fact]
    public void A_read_before_the_registry_is_configured_waits_and_is_judged_once_it_is()
    {
        var registry = Registry(configured: false);
        var at = TestCampus.Local(Monday, 21, 10);

        var early = Pass(registry, Delivery, at);

        Assert.True(early.Deferred);
        var effects = registry.Send(Configured(), at.AddSeconds(1));
        Assert.Equal(AlertKind.VehicleOutsideHours, Assert.Single(effects.TellsOf<RaiseAlert>()).Message.Kind);
        Assert.Equal(VehicleCategory.Delivery, Assert.Single(effects.OutputsOf<VehiclePassed>()).Category);
        Assert.Empty(registry.Deferred);
    }

    [Fact]
    public void The_watch_list_and_visitor_vehicles_sent_before_the_configuration_are_kept()
    {
        var registry = Registry(configured: false);
        registry.Send(new PlateWatched(Stranger, "reported by police"), TestCampus.Local(Monday, 7, 0));
        ExpectVisitor(registry, TestCampus.Local(Monday, 7, 0));
        registry.Send(Configured(), TestCampus.Local(Monday, 7, 1));

        var watched = Pass(registry, Stranger, TestCampus.Local(Monday, 9, 0));
        var visitor = Pass(registry, VisitorPlate, TestCampus.Local(Monday, 9, 5));

        Assert.Equal(AlertKind.WatchList, Assert.Single(watched.TellsOf<RaiseAlert>()).Message.Kind);
        Assert.Empty(visitor.Tells);
    }

    [Fact]
    public void A_new_configuration_replaces_the_list()
    {
        var registry = Registry();
        registry.Send(new VehiclesConfigured([new VehicleInfo(Stranger, VehicleCategory.Staff, "Ms Sun")], TestCampus.Rules()), TestCampus.Local(Monday, 8, 0));

        var staff = Pass(registry, Stranger, TestCampus.Local(Monday, 9, 0));
        var formerStaff = Pass(registry, Staff, TestCampus.Local(Monday, 9, 5));

        Assert.Empty(staff.Tells);
        Assert.Equal(AlertKind.UnknownVehicle, Assert.Single(formerStaff.TellsOf<RaiseAlert>()).Message.Kind);
    }

    [Fact]
    public void An_expected_visitor_vehicle_comes_in_as_the_visitors_and_raises_nothing()
    {
        var registry = Registry();
        ExpectVisitor(registry, TestCampus.Local(Monday, 8, 0));

        var effects = Pass(registry, VisitorPlate, TestCampus.Local(Monday, 9, 5));

        Assert.Empty(effects.Tells);
        var passed = Assert.Single(effects.OutputsOf<VehiclePassed>());
        Assert.Equal((VehicleCategory.Visitor, "Wang Wei", Code), (passed.Category, passed.Owner, passed.VisitCode));
    }

    [Fact]
    public void A_visitor_vehicle_still_inside_after_the_grace_raises_visitor_vehicle_overstay_cleared_when_it_leaves()
    {
        var registry = Registry();
        ExpectVisitor(registry, TestCampus.Local(Monday, 8, 0));
        Pass(registry, VisitorPlate, TestCampus.Local(Monday, 9, 5));
        var ended = TestCampus.Local(Monday, 10, 30);

        registry.Send(new VisitorVehicleVisitEnded(Code, VisitorPlate), ended);

        var (due, message) = registry.Timers[VehicleRegistryBehavior.VisitorTimer(VisitorPlate)];
        Assert.Equal((ended.AddMinutes(15), (object)new VisitorVehicleDue(VisitorPlate, Code)), (due, message));
        Assert.True(registry.AdvanceTo(ended.AddMinutes(14)).IsEmpty);
        var overstay = registry.AdvanceTo(ended.AddMinutes(15));
        var (alert, raise) = Assert.Single(overstay.TellsOf<RaiseAlert>());
        Assert.Single(overstay.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.VisitorVehicleOverstay, VisitorPlate, Code), alert);
        Assert.Equal((AlertKind.VisitorVehicleOverstay, Severity.Warning, null, "gate-v"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("vehicle", VisitorPlate, VisitorPlate), raise.Subject);
        Assert.Equal("Visitor vehicle 京C12345 (Wang Wei) still inside 15 min after the visit ended", raise.Message);

        var leaving = Pass(registry, VisitorPlate, TestCampus.Local(Monday, 11, 2), Direction.Out);

        var (cleared, clear) = Assert.Single(leaving.TellsOf<ClearAlert>());
        Assert.Equal(alert, cleared);
        Assert.Equal(new ClearAlert(ResolutionOutcome.ConditionCleared, "left at 11:02"), clear);
        var passed = Assert.Single(leaving.OutputsOf<VehiclePassed>());
        Assert.Equal((VehicleCategory.Visitor, "Wang Wei", 0), (passed.Category, passed.Owner, passed.Inside));
        Assert.Empty(registry.State.Visitors);
        Assert.Empty(registry.State.Inside);
    }

    [Fact]
    public void A_visitor_vehicle_that_leaves_within_the_grace_raises_nothing()
    {
        var registry = Registry();
        ExpectVisitor(registry, TestCampus.Local(Monday, 8, 0));
        Pass(registry, VisitorPlate, TestCampus.Local(Monday, 9, 5));
        var ended = TestCampus.Local(Monday, 10, 30);
        registry.Send(new VisitorVehicleVisitEnded(Code, VisitorPlate), ended);

        var leaving = Pass(registry, VisitorPlate, ended.AddMinutes(6), Direction.Out);
        var later = registry.AdvanceTo(ended.AddHours(1));

        Assert.Empty(leaving.Tells);
        Assert.True(later.IsEmpty);
        Assert.Empty(registry.Timers);
        Assert.Empty(registry.State.Visitors);
    }

    [Fact]
    public void A_visit_that_ends_with_its_vehicle_outside_is_forgotten_and_the_plate_is_unknown_again()
    {
        var registry = Registry();
        ExpectVisitor(registry, TestCampus.Local(Monday, 8, 0));
        Pass(registry, VisitorPlate, TestCampus.Local(Monday, 9, 5));
        Pass(registry, VisitorPlate, TestCampus.Local(Monday, 10, 0), Direction.Out);

        registry.Send(new VisitorVehicleVisitEnded(Code, VisitorPlate), TestCampus.Local(Monday, 10, 30));
        var back = Pass(registry, VisitorPlate, TestCampus.Local(Monday, 12, 0));

        Assert.DoesNotContain(VehicleRegistryBehavior.VisitorTimer(VisitorPlate), registry.Timers.Keys);
        Assert.Equal(AlertKind.UnknownVehicle, Assert.Single(back.TellsOf<RaiseAlert>()).Message.Kind);
    }

    [Fact]
    public void The_end_of_another_visit_of_the_same_plate_changes_nothing()
    {
        var registry = Registry();
        ExpectVisitor(registry, TestCampus.Local(Monday, 8, 0));
        Pass(registry, VisitorPlate, TestCampus.Local(Monday, 9, 5));

        registry.Send(new VisitorVehicleVisitEnded("ZZZZ2222", VisitorPlate), TestCampus.Local(Monday, 10, 30));

        Assert.Empty(registry.Timers);
        Assert.False(registry.State.Visitors[VisitorPlate].Ended);
    }

    [Fact]
    public void An_unknown_vehicle_inside_whose_visit_is_then_registered_becomes_the_visitors_and_its_alert_clears()
    {
        var registry = Registry();
        var alert = Assert.Single(Pass(registry, VisitorPlate, TestCampus.Local(Monday, 9, 0)).TellsOf<RaiseAlert>()).Target;

        var effects = registry.Send(new VisitorVehicleExpected(Code, VisitorPlate, "Wang Wei", TestCampus.Local(Monday, 9, 0), TestCampus.Local(Monday, 11, 0)),
            TestCampus.Local(Monday, 9, 2));

        var (cleared, clear) = Assert.Single(effects.TellsOf<ClearAlert>());
        Assert.Equal(alert, cleared);
        Assert.Equal(ResolutionOutcome.ConditionCleared, clear.Outcome);
        Assert.Equal(VehicleCategory.Visitor, registry.State.Inside[VisitorPlate].Category);
        var leaving = Pass(registry, VisitorPlate, TestCampus.Local(Monday, 10, 0), Direction.Out);
        Assert.Empty(leaving.Tells);
    }

    [Fact]
    public void A_visitor_vehicle_that_never_came_is_forgotten_a_day_after_its_visit_was_to_end()
    {
        var registry = Registry();
        ExpectVisitor(registry, TestCampus.Local(Monday, 8, 0));

        Pass(registry, Staff, TestCampus.Local(Monday.AddDays(1), 11, 1));

        Assert.Empty(registry.State.Visitors);
    }

    [Fact]
    public void Plates_are_matched_however_they_are_written()
    {
        var registry = Registry();
        registry.Send(new PlateWatched("京a·12345", "reported by police"), TestCampus.Local(Monday, 8, 0));

        var effects = Pass(registry, "京A-12345", TestCampus.Local(Monday, 9, 0));

        Assert.Equal(AlertKind.WatchList, Assert.Single(effects.TellsOf<RaiseAlert>()).Message.Kind);
        Assert.Equal(Stranger, Assert.Single(effects.OutputsOf<VehiclePassed>()).Plate);
    }
}
