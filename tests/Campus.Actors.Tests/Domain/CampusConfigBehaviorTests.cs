using Campus.Actors.Reference;
using Campus.Actors.Vehicles;
using Campus.Actors.Entities;
using Campus.Actors.Students;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

public sealed class CampusConfigBehaviorTests
{
    private static readonly DateTimeOffset At = TestCampus.Local(TestCampus.Monday, 6, 0);

    private static readonly LeaveApproval Leave = new("L1", "S1002", TestCampus.Local(TestCampus.Monday, 9, 0), TestCampus.Local(TestCampus.Monday, 12, 0), "Dentist", "Teacher Zhou");

    private static EntityTester<CampusConfigState> Tester() => new(new CampusConfigBehavior(), CampusIds.Config(TestCampus.Id));

    private static EntityId Id(string kind, string key) => new(kind, TestCampus.Id, key);

    [Fact]
    public void Configuring_the_test_campus_tells_each_of_its_entities_one_part_and_emits_nothing()
    {
        var effects = Tester().Send(new ConfigureCampus(TestCampus.Manifest()), At);

        Assert.Equal(5, effects.TellsOf<StudentConfigured>().Count);
        Assert.Equal(2, effects.TellsOf<DormConfigured>().Count);
        Assert.Equal(2, effects.TellsOf<ClassroomConfigured>().Count);
        Assert.Equal(2, effects.TellsOf<GateConfigured>().Count);
        Assert.Equal(4, effects.TellsOf<ZoneConfigured>().Count);
        Assert.Equal(11, effects.TellsOf<DeviceConfigured>().Count);
        Assert.Single(effects.TellsOf<VehiclesConfigured>());
        Assert.Equal(27, effects.Tells.Count);
        Assert.Equal(27, effects.Tells.Select(t => t.Target).Distinct().Count());
        Assert.Empty(effects.Outputs);
    }

    [Fact]
    public void A_boarding_student_is_told_their_dorm_and_a_day_student_none()
    {
        var manifest = TestCampus.Manifest();

        var students = Tester().Send(new ConfigureCampus(manifest), At).TellsOf<StudentConfigured>();

        Assert.Equal((Id("student", "S1001"), new StudentConfigured(TestCampus.BoardingStudent, manifest.Rules, TestCampus.DormA)), students[0]);
        Assert.Equal((Id("student", "S1002"), new StudentConfigured(TestCampus.DayStudent, manifest.Rules, null)), students[1]);
    }

    [Fact]
    public void A_dorm_is_told_its_boarding_students_in_roster_order()
    {
        var dorms = Tester().Send(new ConfigureCampus(TestCampus.Manifest()), At).TellsOf<DormConfigured>();

        Assert.Equal([Id("dorm", "dorm-a"), Id("dorm", "dorm-b")], dorms.Select(d => d.Target));
        Assert.Equal(TestCampus.DormA, dorms[0].Message.Dorm);
        Assert.Equal(new[] { "S1001", "S1003" }, dorms[0].Message.Roster);
        Assert.Equal(new[] { "S1004" }, dorms[1].Message.Roster);
    }

    [Fact]
    public void A_classroom_is_told_all_its_students_boarding_or_not()
    {
        var classrooms = Tester().Send(new ConfigureCampus(TestCampus.Manifest()), At).TellsOf<ClassroomConfigured>();

        Assert.Equal(Id("classroom", "c7-2"), classrooms[1].Target);
        Assert.Equal(new[] { "S1001", "S1002" }, classrooms[0].Message.Roster);
        Assert.Equal(new[] { "S1003", "S1004", "S1005" }, classrooms[1].Message.Roster);
    }

    [Fact]
    public void Gates_zones_and_devices_are_told_their_own_info()
    {
        var manifest = TestCampus.Manifest();

        var effects = Tester().Send(new ConfigureCampus(manifest), At);

        var gate = effects.TellsOf<GateConfigured>()[1];
        Assert.Equal((Id("gate", "gate-s"), manifest.Gates[1], manifest.Rules), (gate.Target, gate.Message.Gate, gate.Message.Rules));
        Assert.Equal(manifest.Students.Select(s => s.Id), gate.Message.People);
        Assert.Equal((Id("zone", "lab"), new ZoneConfigured(manifest.Zones[2], manifest.Rules)), effects.TellsOf<ZoneConfigured>()[2]);
        Assert.Equal((Id("device", "panic-gate-n"), new DeviceConfigured(manifest.Devices[10], manifest.Rules, "North Gate")), effects.TellsOf<DeviceConfigured>()[10]);
    }

    [Fact]
    public void Parts_are_told_students_first_then_dorms_classrooms_gates_zones_devices_vehicles_and_leaves_last()
    {
        var manifest = TestCampus.Manifest() with { Leaves = [Leave] };

        var effects = Tester().Send(new ConfigureCampus(manifest), At);

        var kinds = effects.Tells.Select(t => t.Message.GetType().Name).Distinct();
        Assert.Equal(
            [nameof(StudentConfigured), nameof(DormConfigured), nameof(ClassroomConfigured), nameof(GateConfigured), nameof(ZoneConfigured), nameof(DeviceConfigured), nameof(VehiclesConfigured), nameof(ApproveLeave)],
            kinds);
        Assert.Equal((Id("student", "S1002"), (object)new ApproveLeave(Leave)), effects.Tells[^1]);
        Assert.Equal(28, effects.Tells.Count);
    }

    [Fact]
    public void Configuring_records_the_version_the_time_and_the_configured_entities()
    {
        var tester = Tester();

        tester.Send(new ConfigureCampus(TestCampus.Manifest()), At);

        Assert.Equal(1, tester.State.Version);
        Assert.Equal(At, tester.State.ConfiguredAt);
        Assert.Equal(27, tester.State.Configured.Length);
        Assert.Contains("vehicles/test/registry", tester.State.Configured);
        Assert.Contains("student/test/S1001", tester.State.Configured);
        Assert.Contains("device/test/cam-lab", tester.State.Configured);
        Assert.Empty(tester.State.Orphaned);
    }

    [Fact]
    public void A_gate_left_out_of_a_later_manifest_is_not_told_anything_and_is_listed_as_orphaned()
    {
        var tester = Tester();
        var manifest = TestCampus.Manifest();
        tester.Send(new ConfigureCampus(manifest), At);

        var effects = tester.Send(new ConfigureCampus(manifest with { Gates = [manifest.Gates[0]] }), At.AddHours(1));

        Assert.DoesNotContain(effects.Tells, t => t.Target == Id("gate", "gate-s"));
        Assert.Equal(26, effects.Tells.Count);
        Assert.Equal(2, tester.State.Version);
        Assert.Equal(new[] { "gate/test/gate-s" }, tester.State.Orphaned);
        Assert.DoesNotContain("gate/test/gate-s", tester.State.Configured);
    }

    [Fact]
    public void A_manifest_for_another_campus_is_ignored()
    {
        var tester = Tester();

        var effects = tester.Send(new ConfigureCampus(TestCampus.Manifest() with { CampusId = "hj" }), At);

        Assert.True(effects.IsEmpty);
        Assert.Equal((0, null), (tester.State.Version, tester.State.ConfiguredAt));
        Assert.Empty(tester.State.Configured);
    }

    [Fact]
    public void A_message_that_is_not_a_configuration_is_ignored()
    {
        var tester = Tester();

        var effects = tester.Send(new ApproveLeave(Leave), At);

        Assert.True(effects.IsEmpty);
        Assert.Equal(0, tester.State.Version);
    }
}
