using System.Collections.Immutable;
using Campus.Actors.Entities;
using Campus.Actors.Students;

namespace Campus.Actors.Reference;

/// <summary>
/// What the campus configuration entity remembers: how many manifests it has applied, when the
/// latest was applied, and which entities it configured.
/// </summary>
/// <param name="Version">The number of manifests applied (0: never configured).</param>
/// <param name="ConfiguredAt">When the latest manifest was applied (its input's time).</param>
/// <param name="Configured">Entity ids (<c>kind/campus/key</c>, sorted) told their part by the latest manifest.</param>
/// <param name="Orphaned">
/// Entity ids configured by an earlier manifest but absent from the latest one. They are not
/// unconfigured: they keep their last configuration until removal is supported.
/// </param>
public sealed record CampusConfigState(int Version, DateTimeOffset? ConfiguredAt, ImmutableArray<string> Configured, ImmutableArray<string> Orphaned)
{
    public static CampusConfigState Empty { get; } = new(0, null, [], []);
}

/// <summary>
/// The campus configuration entity <c>campus/{campus}/config</c>. On <see cref="ConfigureCampus"/>
/// for its own campus it tells every entity of the manifest its part, in this order: students,
/// dorms, classrooms, gates, zones, devices, the vehicle registry, then every approved leave as <see cref="ApproveLeave"/>.
/// A manifest for another campus is ignored. Re-sending unchanged parts is harmless: receivers
/// are idempotent.
/// </summary>
public sealed class CampusConfigBehavior : EntityBehavior<CampusConfigState>
{
    public override string Kind => "campus";

    public override CampusConfigState Initial(EntityId id) => CampusConfigState.Empty;

    public override CampusConfigState Handle(CampusConfigState state, object message, EntityContext context)
    {
        if (message is not ConfigureCampus { Manifest: var manifest } || manifest.CampusId != context.Self.Campus) return state;

        var parts = Parts(manifest);
        foreach (var (target, part) in parts) context.Tell(target, part);

        var configured = parts.Select(p => p.Target.ToString()).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        var orphaned = state.Configured.Concat(state.Orphaned)
            .Except(configured, StringComparer.Ordinal)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        return new CampusConfigState(state.Version + 1, context.Now, configured, orphaned);
    }

    /// <summary>Every entity's part of a manifest, with its target, in the order they are told.</summary>
    public static ImmutableArray<(EntityId Target, object Message)> Parts(CampusManifest manifest)
    {
        var campus = manifest.CampusId;
        var rules = manifest.Rules;
        var dorms = manifest.Dorms.ToImmutableDictionary(d => d.Id, StringComparer.Ordinal);
        var people = manifest.Students.Select(s => s.Id).ToImmutableArray();
        var parts = ImmutableArray.CreateBuilder<(EntityId, object)>();

        foreach (var student in manifest.Students)
        {
            var dorm = student.Boarding && student.DormId is { } dormId ? dorms.GetValueOrDefault(dormId) : null;
            parts.Add((CampusIds.Student(campus, student.Id), new StudentConfigured(student, rules, dorm)));
        }
        foreach (var dorm in manifest.Dorms)
        {
            var roster = manifest.Students.Where(s => s.Boarding && s.DormId == dorm.Id).Select(s => s.Id).ToImmutableArray();
            parts.Add((CampusIds.Dorm(campus, dorm.Id), new DormConfigured(dorm, roster, rules, people)));
        }
        foreach (var classroom in manifest.Classrooms)
        {
            var roster = manifest.Students.Where(s => s.ClassId == classroom.Id).Select(s => s.Id).ToImmutableArray();
            parts.Add((CampusIds.Classroom(campus, classroom.Id), new ClassroomConfigured(classroom, roster, rules, people)));
        }
        foreach (var gate in manifest.Gates)
            parts.Add((CampusIds.Gate(campus, gate.Id), new GateConfigured(gate, rules, people)));
        foreach (var zone in manifest.Zones)
            parts.Add((CampusIds.Zone(campus, zone.Id), new ZoneConfigured(zone, rules)));
        foreach (var device in manifest.Devices)
            parts.Add((CampusIds.Device(campus, device.Id), new DeviceConfigured(device, rules, manifest.PlaceName(device.LocationId))));
        parts.Add((CampusIds.Vehicles(campus), new Vehicles.VehiclesConfigured(manifest.Vehicles, rules)));
        foreach (var leave in manifest.Leaves)
            parts.Add((CampusIds.Student(campus, leave.StudentId), new ApproveLeave(leave)));

        return parts.ToImmutable();
    }
}
