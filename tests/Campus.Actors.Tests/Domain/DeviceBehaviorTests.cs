using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Gates;
using Campus.Actors.Reference;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Actors.Zones;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

public sealed class DeviceBehaviorTests
{
    private static readonly DateOnly Monday = TestCampus.Monday;
    private static readonly DateTimeOffset ConfiguredAt = TestCampus.Local(Monday, 7, 0);

    private static EntityTester<DeviceState> Device(string deviceId, string timeZone = "Asia/Shanghai", DateTimeOffset? configuredAt = null) =>
        Device(TestCampus.Manifest(timeZone), deviceId, configuredAt);

    private static EntityTester<DeviceState> Device(CampusManifest manifest, string deviceId, DateTimeOffset? configuredAt = null)
    {
        var id = CampusIds.Device(TestCampus.Id, deviceId);
        var configured = CampusConfigBehavior.Parts(manifest).Single(p => p.Target == id).Message;
        var tester = new EntityTester<DeviceState>(new DeviceBehavior(), id, CampusCodec.Create().RegisterDevices());
        tester.Send(configured, configuredAt ?? ConfiguredAt);
        return tester;
    }

    private static Effects Report(EntityTester<DeviceState> device, DeviceReported reported) => device.Send(reported, reported.OccurredAt);

    private static DeviceReported Heartbeat(string deviceId, DateTimeOffset at) => new("hb-" + at.ToUnixTimeSeconds(), deviceId, at, DeviceEventType.Heartbeat);

    private static DeviceReported Alarm(string deviceId, AlarmType alarm, DateTimeOffset at, string eventId = "alarm-1") =>
        new(eventId, deviceId, at, DeviceEventType.Alarm, Alarm: alarm);

    [Fact]
    public void Gate_reader_access_is_passed_to_its_gate_and_nothing_else()
    {
        var device = Device("gate-n-reader");
        var at = TestCampus.Local(Monday, 7, 20);

        var effects = Report(device, new DeviceReported("e1", "gate-n-reader", at, DeviceEventType.Access, "S1002", Direction.Out));

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(CampusIds.Gate(TestCampus.Id, "gate-n"), target);
        Assert.Equal(new GatePassed("gate-n-reader", "e1", "S1002", Direction.Out, 1, at), message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Gate_reader_access_without_direction_counts_as_one_passage_in()
    {
        var device = Device("gate-s-reader");
        var at = TestCampus.Local(Monday, 7, 20);

        var effects = Report(device, new DeviceReported("e1", "gate-s-reader", at, DeviceEventType.Access));

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(CampusIds.Gate(TestCampus.Id, "gate-s"), target);
        Assert.Equal(new GatePassed("gate-s-reader", "e1", null, Direction.In, 1, at), message);
    }

    [Fact]
    public void Dorm_reader_access_is_passed_to_its_dorm_and_nothing_else()
    {
        var device = Device("dorm-a-reader");
        var at = TestCampus.Local(Monday, 21, 10);

        var effects = Report(device, new DeviceReported("e2", "dorm-a-reader", at, DeviceEventType.Access, "S1001"));

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(CampusIds.Dorm(TestCampus.Id, "dorm-a"), target);
        Assert.Equal(new DormDoorScanned("dorm-a-reader", "e2", "S1001", Direction.In, at), message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Class_board_access_is_passed_to_its_classroom_and_nothing_else()
    {
        var device = Device("c7-1-board");
        var at = TestCampus.Local(Monday, 8, 2);

        var effects = Report(device, new DeviceReported("e3", "c7-1-board", at, DeviceEventType.Access, "S1001"));

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(CampusIds.Classroom(TestCampus.Id, "c7-1"), target);
        Assert.Equal(new ClassBoardScanned("c7-1-board", "e3", "S1001", at), message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Camera_zone_event_is_passed_to_its_zone_with_the_count()
    {
        var device = Device("cam-pond");
        var at = TestCampus.Local(Monday, 12, 0);

        var effects = Report(device, new DeviceReported("e4", "cam-pond", at, DeviceEventType.Zone, Count: 2));

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(CampusIds.Zone(TestCampus.Id, "pond"), target);
        Assert.Equal(new ZoneObserved("cam-pond", "e4", null, 2, at), message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void Issue13_a_camera_reporting_another_zone_is_heard_but_routed_nowhere()
    {
        var device = Device("cam-playground");
        var at = TestCampus.Local(Monday, 12, 0);

        var other = Report(device, new DeviceReported("e5", "cam-playground", at, DeviceEventType.Zone, "S1003", ZoneId: "rooftop"));
        var unknown = Report(device, new DeviceReported("e6", "cam-playground", at, DeviceEventType.Zone, ZoneId: "no-such-zone"));
        var own = Report(device, new DeviceReported("e7", "cam-playground", at, DeviceEventType.Zone, "S1003", ZoneId: "playground"));

        Assert.Empty(other.Tells);
        Assert.Empty(unknown.Tells);
        Assert.Equal(at, device.State.LastHeard);
        var (target, message) = Assert.Single(own.Tells);
        Assert.Equal(CampusIds.Zone(TestCampus.Id, "playground"), target);
        Assert.Equal(new ZoneObserved("cam-playground", "e7", "S1003", 1, at), message);
    }

    [Fact]
    public void Access_reported_by_a_camera_is_heard_but_routed_nowhere()
    {
        var device = Device("cam-lab");
        var at = TestCampus.Local(Monday, 9, 0);

        var effects = Report(device, new DeviceReported("e6", "cam-lab", at, DeviceEventType.Access, "S1001"));

        Assert.True(effects.IsEmpty);
        Assert.Equal(at, device.State.LastHeard);
    }

    [Fact]
    public void Heartbeat_only_rearms_the_silence_timer()
    {
        var device = Device("c7-1-board");
        var at = TestCampus.Local(Monday, 8, 0);

        var effects = Report(device, Heartbeat("c7-1-board", at));

        Assert.True(effects.IsEmpty);
        var timer = Assert.Single(device.Timers);
        Assert.Equal(DeviceBehavior.SilenceTimer, timer.Key);
        Assert.Equal(at.AddMinutes(15), timer.Value.Due);
        Assert.Equal(new DeviceSilenceDue(at), timer.Value.Message);
    }

    [Fact]
    public void Configuring_a_device_never_heard_arms_the_silence_timer_from_the_configuration_time()
    {
        var device = Device("gate-n-reader");

        var timer = Assert.Single(device.Timers);
        Assert.Equal(ConfiguredAt.AddMinutes(3), timer.Value.Due);
        Assert.Equal(new DeviceSilenceDue(ConfiguredAt), timer.Value.Message);
    }

    [Fact]
    public void Silent_class_board_during_active_hours_raises_one_device_offline_alert_after_three_intervals()
    {
        var device = Device("c7-1-board");
        var heard = TestCampus.Local(Monday, 8, 0);
        Report(device, Heartbeat("c7-1-board", heard));

        Assert.True(device.AdvanceTo(heard.AddMinutes(14)).IsEmpty);
        var effects = device.AdvanceTo(heard.AddMinutes(30));

        var health = Assert.Single(effects.Outputs);
        Assert.Equal(new DeviceHealthChanged(TestCampus.Id, "c7-1-board", "c7-1", false, heard, heard.AddMinutes(15)), health);
        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.DeviceOffline, "c7-1-board", "20261123T000000Z"), alert);
        Assert.Equal((AlertKind.DeviceOffline, Severity.Warning, null, "c7-1"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("device", "c7-1-board", "Grade 7 Class 1 class-board"), raise.Subject);
        Assert.Equal("Grade 7 Class 1 class-board silent since 08:00", raise.Message);
        Assert.False(device.State.Online);
        Assert.Empty(device.Timers);
    }

    [Fact]
    public void Silent_class_board_outside_active_hours_raises_nothing_until_active_hours_plus_three_intervals()
    {
        var device = Device("c7-1-board");
        var heard = TestCampus.Local(Monday, 16, 50);
        Report(device, Heartbeat("c7-1-board", heard));

        Assert.True(device.AdvanceTo(TestCampus.Local(Monday.AddDays(1), 7, 14)).IsEmpty);
        Assert.Equal(TestCampus.Local(Monday.AddDays(1), 7, 15), device.Timers[DeviceBehavior.SilenceTimer].Due);
        var effects = device.AdvanceTo(TestCampus.Local(Monday.AddDays(1), 7, 15));

        var health = Assert.Single(effects.OutputsOf<DeviceHealthChanged>());
        Assert.False(health.Online);
        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.DeviceOffline, "c7-1-board", AlertEffects.SinceWindow(heard)), alert);
        Assert.Equal("Grade 7 Class 1 class-board silent since 16:50", raise.Message);
    }

    [Fact]
    public void Silent_class_board_in_london_looks_again_at_local_opening_after_the_clocks_go_back()
    {
        // Saturday 24 October 2026 16:50 BST (UTC+1); the clocks go back on Sunday 25 October, so 07:00 local is 07:00 UTC.
        var heard = new DateTimeOffset(2026, 10, 24, 15, 50, 0, TimeSpan.Zero);
        var device = Device("c7-1-board", "Europe/London", heard.AddMinutes(-30));
        Report(device, Heartbeat("c7-1-board", heard));

        var quiet = device.AdvanceTo(new DateTimeOffset(2026, 10, 25, 7, 14, 0, TimeSpan.Zero));
        var effects = device.AdvanceTo(new DateTimeOffset(2026, 10, 25, 7, 15, 0, TimeSpan.Zero));

        Assert.True(quiet.IsEmpty);
        var health = Assert.Single(effects.OutputsOf<DeviceHealthChanged>());
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 7, 15, 0, TimeSpan.Zero), health.At);
        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.DeviceOffline, "c7-1-board", "20261024T155000Z"), alert);
        Assert.Equal("Grade 7 Class 1 class-board silent since 16:50", raise.Message);
    }

    [Fact]
    public void Device_heard_again_comes_back_online_and_clears_its_offline_alert()
    {
        var device = Device("gate-n-reader");
        device.AdvanceTo(ConfiguredAt.AddMinutes(3));
        var again = TestCampus.Local(Monday, 7, 40);

        var effects = Report(device, new DeviceReported("e7", "gate-n-reader", again, DeviceEventType.Access, "S1002"));

        var health = Assert.Single(effects.Outputs);
        Assert.Equal(new DeviceHealthChanged(TestCampus.Id, "gate-n-reader", "gate-n", true, again, again), health);
        var (alert, clear) = Assert.Single(effects.TellsOf<ClearAlert>());
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.DeviceOffline, "gate-n-reader", AlertEffects.SinceWindow(ConfiguredAt)), alert);
        Assert.Equal(new ClearAlert(ResolutionOutcome.ConditionCleared, "heard again at 07:40"), clear);
        Assert.Single(effects.TellsOf<GatePassed>());
        Assert.Equal(2, effects.Tells.Count);
        Assert.True(device.State.Online);
        Assert.Equal(again.AddMinutes(3), device.Timers[DeviceBehavior.SilenceTimer].Due);
    }

    [Fact]
    public void A_replayed_old_event_does_not_move_last_heard_back()
    {
        var device = Device("gate-n-reader");
        var newer = TestCampus.Local(Monday, 7, 30);
        Report(device, Heartbeat("gate-n-reader", newer));

        Report(device, Heartbeat("gate-n-reader", TestCampus.Local(Monday, 7, 10)));

        Assert.Equal(newer, device.State.LastHeard);
        Assert.Equal(new DeviceSilenceDue(newer), device.Timers[DeviceBehavior.SilenceTimer].Message);
    }

    [Fact]
    public void Sos_press_raises_a_critical_alert_for_security_at_the_device_location()
    {
        var device = Device("panic-gate-n");
        var at = TestCampus.Local(Monday, 12, 5, 42);

        var effects = Report(device, Alarm("panic-gate-n", AlarmType.Sos, at));

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Empty(effects.Outputs);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Sos, "gate-n", "20261123T040500Z"), alert);
        Assert.Equal((AlertKind.Sos, Severity.Critical, null, "gate-n"), (raise.Kind, raise.Severity, raise.Scope, raise.LocationId));
        Assert.Equal(new AlertSubject("location", "gate-n", "North Gate"), raise.Subject);
        Assert.Equal("SOS pressed at North Gate", raise.Message);
    }

    [Fact]
    public void Sos_retry_of_the_same_press_is_the_same_alert_and_a_later_press_is_a_new_one()
    {
        var device = Device("panic-gate-n");
        var first = Report(device, Alarm("panic-gate-n", AlarmType.Sos, TestCampus.Local(Monday, 12, 5, 10), "sos-1"));

        var retry = Report(device, Alarm("panic-gate-n", AlarmType.Sos, TestCampus.Local(Monday, 12, 5, 50), "sos-1-retry"));
        var later = Report(device, Alarm("panic-gate-n", AlarmType.Sos, TestCampus.Local(Monday, 12, 20, 0), "sos-2"));

        var firstId = Assert.Single(first.TellsOf<RaiseAlert>()).Target;
        Assert.Equal(firstId, Assert.Single(retry.TellsOf<RaiseAlert>()).Target);
        Assert.NotEqual(firstId, Assert.Single(later.TellsOf<RaiseAlert>()).Target);
    }

    [Fact]
    public void Intrusion_alarm_raises_an_intruder_alert_at_the_location_for_the_hour()
    {
        var device = Device("cam-lab");
        var at = TestCampus.Local(Monday, 23, 10);

        var effects = Report(device, Alarm("cam-lab", AlarmType.Intrusion, at));

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "lab", "2026-11-23T23"), alert);
        Assert.Equal((Severity.High, (string?)null), (raise.Severity, raise.Scope));
        Assert.Equal(new AlertSubject("location", "lab", "Chemistry Lab"), raise.Subject);
    }

    [Fact]
    public void Tamper_alarm_raises_an_intruder_alert_about_the_device()
    {
        var device = Device("gate-s-reader");
        var at = TestCampus.Local(Monday, 2, 30);

        var effects = Report(device, Alarm("gate-s-reader", AlarmType.Tamper, at));

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "gate-s-reader", "2026-11-23T02"), alert);
        Assert.Equal(new AlertSubject("device", "gate-s-reader", "South Gate reader"), raise.Subject);
        Assert.Equal(("gate-s", Severity.High), (raise.LocationId, raise.Severity));
        Assert.Equal("South Gate reader tampered", raise.Message);
    }

    [Fact]
    public void Tailgate_alarm_raises_the_gate_tailgating_incident()
    {
        var device = Device("gate-n-reader");
        var at = TestCampus.Local(Monday, 18, 45);

        var effects = Report(device, Alarm("gate-n-reader", AlarmType.Tailgate, at));

        var (alert, raise) = Assert.Single(effects.TellsOf<RaiseAlert>());
        Assert.Single(effects.Tells);
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Intruder, "gate-n-tailgate", "2026-11-23T18"), alert);
        Assert.Equal((AlertKind.Intruder, Severity.High, "gate-n"), (raise.Kind, raise.Severity, raise.LocationId));
        Assert.Contains("Tailgating", raise.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stale_alarm_raises_nothing()
    {
        var device = Device("panic-gate-n");
        Report(device, Heartbeat("panic-gate-n", TestCampus.Local(Monday, 12, 0)));

        var effects = Report(device, Alarm("panic-gate-n", AlarmType.Sos, TestCampus.Local(Monday, 9, 59)));

        Assert.True(effects.IsEmpty);
    }

    [Fact]
    public void Issue12_a_silent_device_is_named_by_its_place_in_its_alert()
    {
        var reader = Device("gate-n-reader");
        var camera = Device("cam-rooftop");

        var readerOffline = reader.AdvanceTo(ConfiguredAt.AddMinutes(3));
        var cameraOffline = camera.AdvanceTo(ConfiguredAt.AddMinutes(3));

        var (_, raise) = Assert.Single(readerOffline.TellsOf<RaiseAlert>());
        Assert.Equal(new AlertSubject("device", "gate-n-reader", "North Gate reader"), raise.Subject);
        Assert.Equal("North Gate reader silent since 07:00", raise.Message);
        Assert.Equal("Science Block Rooftop camera silent since 07:00", Assert.Single(cameraOffline.TellsOf<RaiseAlert>()).Message.Message);
    }

    [Theory]
    [InlineData(DeviceKind.GateReader, "Pine House (boys, grades 7-8)", "Pine House reader")]
    [InlineData(DeviceKind.ClassBoard, "Class 7-1", "Class 7-1 class-board")]
    [InlineData(DeviceKind.Camera, "Lotus Pond", "Lotus Pond camera")]
    [InlineData(DeviceKind.PanicButton, "North Gate", "North Gate panic button")]
    public void Issue12_a_device_is_named_by_its_place_and_what_it_is(DeviceKind kind, string place, string name) =>
        Assert.Equal(name, DeviceBehavior.Name(new DeviceInfo("d1", kind, "somewhere", TimeSpan.FromMinutes(1)), place));

    [Fact]
    public void Issue12_a_heartbeat_keeps_a_device_online_and_ends_its_offline_alert_without_a_passage()
    {
        var device = Device("gate-n-reader");
        for (var minute = 1; minute <= 10; minute++)
        {
            var beat = Report(device, Heartbeat("gate-n-reader", ConfiguredAt.AddMinutes(minute)));
            Assert.True(beat.IsEmpty);
            Assert.True(device.AdvanceTo(ConfiguredAt.AddMinutes(minute) + TimeSpan.FromSeconds(59)).IsEmpty);
        }
        device.AdvanceTo(ConfiguredAt.AddMinutes(13));
        Assert.False(device.State.Online);

        var effects = Report(device, Heartbeat("gate-n-reader", ConfiguredAt.AddMinutes(14)));

        Assert.True(Assert.Single(effects.OutputsOf<DeviceHealthChanged>()).Online);
        var (alert, clear) = Assert.Single(effects.TellsOf<ClearAlert>());
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.DeviceOffline, "gate-n-reader", AlertEffects.SinceWindow(ConfiguredAt.AddMinutes(10))), alert);
        Assert.Equal(ResolutionOutcome.ConditionCleared, clear.Outcome);
        Assert.Empty(effects.TellsOf<GatePassed>());
        Assert.Single(effects.Tells);
    }

    [Theory]
    [InlineData("gate-n-reader")]
    [InlineData("cam-pond")]
    [InlineData("c7-1-board")]
    public void Issue13_an_sos_from_a_device_that_is_not_a_panic_button_is_heard_and_raises_nothing(string deviceId)
    {
        var device = Device(deviceId);
        var at = TestCampus.Local(Monday, 12, 5);

        var effects = Report(device, Alarm(deviceId, AlarmType.Sos, at));

        Assert.True(effects.IsEmpty);
        Assert.Equal(at, device.State.LastHeard);
    }

    [Fact]
    public void Issue13_a_device_the_manifest_lets_raise_sos_raises_it_and_a_panic_button_it_forbids_does_not()
    {
        var manifest = TestCampus.Manifest();
        manifest = manifest with
        {
            Devices = [.. manifest.Devices.Select(d => d.Id switch
            {
                "gate-s-reader" => d with { Sos = true },
                "panic-gate-n" => d with { Sos = false },
                _ => d,
            })],
        };
        var at = TestCampus.Local(Monday, 12, 5);

        var intercom = Report(Device(manifest, "gate-s-reader"), Alarm("gate-s-reader", AlarmType.Sos, at));
        var disabled = Report(Device(manifest, "panic-gate-n"), Alarm("panic-gate-n", AlarmType.Sos, at));

        var (alert, raise) = Assert.Single(intercom.TellsOf<RaiseAlert>());
        Assert.Equal(Incidents.For(TestCampus.Id, AlertKind.Sos, "gate-s", "20261123T040500Z"), alert);
        Assert.Equal((AlertKind.Sos, "SOS pressed at South Gate"), (raise.Kind, raise.Message));
        Assert.True(disabled.IsEmpty);
    }

    [Theory]
    [InlineData("cam-lab", AlarmType.Intrusion)]
    [InlineData("gate-s-reader", AlarmType.Tamper)]
    [InlineData("c7-1-board", AlarmType.Tamper)]
    [InlineData("gate-n-reader", AlarmType.Tailgate)]
    public void Issue13_intrusion_tamper_and_tailgate_are_still_raised_by_the_devices_that_report_them(string deviceId, AlarmType alarm)
    {
        var device = Device(deviceId);

        var effects = Report(device, Alarm(deviceId, alarm, TestCampus.Local(Monday, 23, 10)));

        Assert.Equal(AlertKind.Intruder, Assert.Single(effects.TellsOf<RaiseAlert>()).Message.Kind);
    }

    [Fact]
    public void A_report_before_the_device_is_configured_waits_and_is_routed_once_it_is()
    {
        var id = CampusIds.Device(TestCampus.Id, "gate-n-reader");
        var device = new EntityTester<DeviceState>(new DeviceBehavior(), id, CampusCodec.Create().RegisterDevices());
        var at = TestCampus.Local(Monday, 7, 20);

        var early = Report(device, new DeviceReported("e1", "gate-n-reader", at, DeviceEventType.Access, "S1001", Direction.In));

        Assert.True(early.Deferred);
        Assert.Null(device.State.LastHeard);
        var configured = CampusConfigBehavior.Parts(TestCampus.Manifest()).Single(p => p.Target == id).Message;
        var effects = device.Send(configured, at.AddSeconds(1));
        Assert.Single(effects.TellsOf<GatePassed>(), t => t.Message.PersonId == "S1001" && t.Message.At == at);
        Assert.Empty(device.Deferred);
    }

    /// <summary>The test campus with a vehicle gate and its plate camera, and a visitor kiosk at the North Gate.</summary>
    private static CampusManifest WithVehicleGate()
    {
        var manifest = TestCampus.Manifest();
        return manifest with
        {
            Gates = [.. manifest.Gates, new GateInfo("gate-v", "Vehicle Gate")],
            Devices =
            [
                .. manifest.Devices,
                new DeviceInfo("gate-v-camera", DeviceKind.PlateCamera, "gate-v", TimeSpan.FromMinutes(1)),
                new DeviceInfo("gate-n-kiosk", DeviceKind.VisitorKiosk, "gate-n", TimeSpan.FromMinutes(5)),
            ],
        };
    }

    [Fact]
    public void A_plate_read_is_passed_to_the_vehicle_registry_with_its_gate()
    {
        var device = Device(WithVehicleGate(), "gate-v-camera");
        var at = TestCampus.Local(Monday, 21, 10);

        var effects = Report(device, new DeviceReported("p1", "gate-v-camera", at, DeviceEventType.Plate, Direction: Direction.Out, Plate: "京B66666", Confidence: 0.93));

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(CampusIds.Vehicles(TestCampus.Id), target);
        Assert.Equal(new PlateRead("gate-v-camera", "p1", "gate-v", "Vehicle Gate", "京B66666", Direction.Out, 0.93, at), message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void A_plate_read_without_direction_or_confidence_is_a_sure_read_coming_in()
    {
        var device = Device(WithVehicleGate(), "gate-v-camera");
        var at = TestCampus.Local(Monday, 7, 5);

        var effects = Report(device, new DeviceReported("p2", "gate-v-camera", at, DeviceEventType.Plate, Plate: "京A·12345"));

        var read = Assert.Single(effects.TellsOf<PlateRead>()).Message;
        Assert.Equal(("京A12345", Direction.In, 1.0), (read.Plate, read.Direction, read.Confidence));
    }

    [Fact]
    public void A_plate_event_without_a_plate_or_from_another_kind_of_device_is_heard_but_routed_nowhere()
    {
        var camera = Device(WithVehicleGate(), "gate-v-camera");
        var reader = Device(WithVehicleGate(), "gate-n-reader");
        var at = TestCampus.Local(Monday, 9, 0);

        var noPlate = Report(camera, new DeviceReported("p3", "gate-v-camera", at, DeviceEventType.Plate));
        var fromReader = Report(reader, new DeviceReported("p4", "gate-n-reader", at, DeviceEventType.Plate, Plate: "京A12345"));

        Assert.True(noPlate.IsEmpty);
        Assert.True(fromReader.IsEmpty);
        Assert.Equal(at, camera.State.LastHeard);
        Assert.Equal(at, reader.State.LastHeard);
    }

    [Theory]
    [InlineData("gate-n-kiosk")]
    [InlineData("gate-n-reader")]
    public void A_visit_code_shown_at_a_kiosk_or_gate_reader_checks_the_visitor_in_at_its_gate(string deviceId)
    {
        var device = Device(WithVehicleGate(), deviceId);
        var at = TestCampus.Local(Monday, 9, 30);

        var effects = Report(device, new DeviceReported("v1", deviceId, at, DeviceEventType.Visitor, VisitCode: "K7QM2XPA"));

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(CampusIds.Visit(TestCampus.Id, "K7QM2XPA"), target);
        Assert.Equal(new CheckInVisitor("gate-n", "device:" + deviceId), message);
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void A_visit_code_shown_on_the_way_out_checks_the_visitor_out()
    {
        var device = Device(WithVehicleGate(), "gate-n-kiosk");
        var at = TestCampus.Local(Monday, 11, 30);

        var effects = Report(device, new DeviceReported("v2", "gate-n-kiosk", at, DeviceEventType.Visitor, Direction: Direction.Out, VisitCode: "K7QM2XPA"));

        var (target, message) = Assert.Single(effects.Tells);
        Assert.Equal(CampusIds.Visit(TestCampus.Id, "K7QM2XPA"), target);
        Assert.Equal(new CheckOutVisitor("gate-n", "device:gate-n-kiosk"), message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("K7QM2XP")]
    [InlineData("k7qm2xpa")]
    [InlineData("K7QM2XP0")]
    [InlineData("../../alert/test/x")]
    public void A_malformed_visit_code_is_heard_and_reaches_no_visit(string? code)
    {
        var device = Device(WithVehicleGate(), "gate-n-kiosk");
        var at = TestCampus.Local(Monday, 9, 30);

        var effects = Report(device, new DeviceReported("v3", "gate-n-kiosk", at, DeviceEventType.Visitor, VisitCode: code));

        Assert.True(effects.IsEmpty);
        Assert.Equal(at, device.State.LastHeard);
    }

    [Fact]
    public void A_visit_code_from_a_camera_or_dorm_reader_reaches_no_visit()
    {
        var camera = Device(WithVehicleGate(), "gate-v-camera");
        var dorm = Device(WithVehicleGate(), "dorm-a-reader");
        var at = TestCampus.Local(Monday, 9, 30);

        Assert.True(Report(camera, new DeviceReported("v4", "gate-v-camera", at, DeviceEventType.Visitor, VisitCode: "K7QM2XPA")).IsEmpty);
        Assert.True(Report(dorm, new DeviceReported("v5", "dorm-a-reader", at, DeviceEventType.Visitor, VisitCode: "K7QM2XPA")).IsEmpty);
    }

    [Theory]
    [InlineData(DeviceKind.PlateCamera, "Vehicle Gate", "Vehicle Gate plate camera")]
    [InlineData(DeviceKind.VisitorKiosk, "North Gate", "North Gate visitor kiosk")]
    public void A_plate_camera_and_a_visitor_kiosk_are_named_by_their_place_and_what_they_are(DeviceKind kind, string place, string name) =>
        Assert.Equal(name, DeviceBehavior.Name(new DeviceInfo("d1", kind, "somewhere", TimeSpan.FromMinutes(1)), place));
}
