using System.Collections.Immutable;
using System.Globalization;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Runtime;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>
/// Plays a campus through the real runtime with a manual clock: scans, camera counts and operator
/// commands at campus-local times, timers firing in order in between. <see cref="Story()"/> turns
/// the alert changes and guardian notices into one readable line each.
/// </summary>
public sealed class CampusScenario : IAsyncDisposable
{
    private readonly CampusManifest _manifest;
    private readonly TimeZoneInfo _zone;
    private int _events;

    private CampusScenario(ShardHarness harness, CampusManifest manifest)
    {
        Harness = harness;
        _manifest = manifest;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(manifest.TimeZone);
    }

    public ShardHarness Harness { get; }

    public string Campus => _manifest.CampusId;

    /// <summary>The test campus with device heartbeats of a day, so that silent devices stay out of the story.</summary>
    public static CampusManifest QuietDevices(CampusManifest manifest) => manifest with
    {
        Devices = [.. manifest.Devices.Select(d => d with { HeartbeatInterval = TimeSpan.FromDays(1) })],
    };

    /// <summary>Starts a runtime at <paramref name="start"/> and loads <paramref name="manifest"/> then.</summary>
    public static async Task<CampusScenario> StartAsync(CampusManifest manifest, DateTimeOffset start, Func<IShardStore>? storeFactory = null)
    {
        var harness = await ShardHarness.StartAsync(CampusDomain.Behaviors, CampusDomain.Codec, storeFactory: storeFactory, start: start);
        var scenario = new CampusScenario(harness, manifest);
        await harness.TellAsync(CampusIds.Config(manifest.CampusId), new ConfigureCampus(manifest), start, "manifest-1", "admin");
        await harness.IdleAsync();
        return scenario;
    }

    /// <summary>Moves the clock to <paramref name="at"/>, firing every timer due by then.</summary>
    public async Task AtAsync(DateTimeOffset at)
    {
        var by = at - Harness.Clock.GetUtcNow();
        if (by > TimeSpan.Zero) await Harness.AdvanceAsync(by);
        else await Harness.IdleAsync();
    }

    /// <summary>A face or card at a reader (null person: unknown), at <paramref name="at"/>.</summary>
    public Task ScanAsync(DateTimeOffset at, string deviceId, string? personId, Direction direction = Direction.In) =>
        DeviceAsync(at, new DeviceReported(NextEventId(), deviceId, at, DeviceEventType.Access, personId, direction));

    /// <summary>A camera counts <paramref name="count"/> people in its zone.</summary>
    public Task CameraAsync(DateTimeOffset at, string deviceId, int count) =>
        DeviceAsync(at, new DeviceReported(NextEventId(), deviceId, at, DeviceEventType.Zone, Count: count));

    /// <summary>A device reports an event (the clock moves to its time first).</summary>
    public async Task DeviceAsync(DateTimeOffset at, DeviceReported report)
    {
        await AtAsync(at);
        await Harness.TellAsync(CampusIds.Device(Campus, report.DeviceId), report, at, report.EventId, "device:" + report.DeviceId);
        await Harness.IdleAsync();
    }

    /// <summary>An operator command (acknowledge, resolve, approve leave) at <paramref name="at"/>.</summary>
    public async Task OperatorAsync(DateTimeOffset at, EntityId target, object command)
    {
        await AtAsync(at);
        await Harness.TellAsync(target, command, at, NextEventId(), "operator");
        await Harness.IdleAsync();
    }

    /// <summary>The alert entity of an incident of this campus.</summary>
    public EntityId Alert(AlertKind kind, string subjectId, string window) => Incidents.For(Campus, kind, subjectId, window);

    /// <summary>
    /// Every alert change (except reminders) and guardian notice so far, one line each, in order:
    /// <c>21:30 curfew-missing:S1003:2026-11-23 raised dorm-supervisor</c>,
    /// <c>07:31 notice arrival S1002 to G1002</c>.
    /// </summary>
    public IReadOnlyList<string> Story() => Story(Harness.Probe.All.Select(o => o.Output));

    /// <summary>The story of a list of outputs.</summary>
    public IReadOnlyList<string> Story(IEnumerable<object> outputs)
    {
        var lines = new List<string>();
        foreach (var output in outputs)
        {
            switch (output)
            {
                case AlertChanged alert:
                    var step = alert.History[^1];
                    if (step.Action == "reminded") break;
                    var outcome = alert.Outcome is { } o ? " " + o.ToString() : "";
                    lines.Add($"{Local(alert.UpdatedAt)} {alert.AlertId} {step.Action} {alert.Role}{outcome}");
                    break;
                case GuardianNotice notice:
                    lines.Add($"{Local(notice.At)} notice {notice.Kind} {notice.StudentId} to {string.Join(",", notice.GuardianIds)}");
                    break;
            }
        }
        return lines;
    }

    /// <summary>The outputs stored at checkpoints, in order, as (id, type, JSON).</summary>
    public async Task<ImmutableArray<(string Id, string Type, string Json)>> StoredOutputsAsync()
    {
        var shard = Harness.Runtime.ShardMap.ShardOf(CampusIds.Config(Campus));
        var records = await Harness.Store.ReadOutputsAsync(shard, 0, int.MaxValue);
        return [.. records.Select(r => (r.OutputId, r.OutputType, System.Text.Encoding.UTF8.GetString(r.Payload)))];
    }

    private string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, _zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    private string NextEventId() => $"ev-{++_events}";

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
