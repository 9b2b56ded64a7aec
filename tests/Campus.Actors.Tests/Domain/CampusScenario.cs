using System.Collections.Immutable;
using System.Globalization;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>
/// Plays a campus through the real entity hosting (Akka.NET, the persistence plugin) with a manual
/// clock: scans, camera counts and operator commands at campus-local times, timers firing in order
/// in between. <see cref="Story()"/> turns
/// the alert changes and guardian notices into one readable line each.
/// </summary>
public sealed class CampusScenario : IAsyncDisposable
{
    private readonly CampusManifest _manifest;
    private readonly TimeZoneInfo _zone;
    private int _events;

    private CampusScenario(EntityHarness harness, CampusManifest manifest)
    {
        Harness = harness;
        _manifest = manifest;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(manifest.TimeZone);
    }

    public EntityHarness Harness { get; }

    public string Campus => _manifest.CampusId;

    /// <summary>The test campus with device heartbeats of a day, so that silent devices stay out of the story.</summary>
    public static CampusManifest QuietDevices(CampusManifest manifest) => manifest with
    {
        Devices = [.. manifest.Devices.Select(d => d with { HeartbeatInterval = TimeSpan.FromDays(1) })],
    };

    /// <summary>Starts a node at <paramref name="start"/> and loads <paramref name="manifest"/> then.</summary>
    public static async Task<CampusScenario> StartAsync(CampusManifest manifest, DateTimeOffset start, CampusStore? store = null, Action<EntityHostOptions>? configure = null)
    {
        var harness = await EntityHarness.StartAsync(CampusDomain.Behaviors, CampusDomain.Codec, configure, store, start);
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

    /// <summary>
    /// The story of a list of outputs, in time order. Entities run concurrently, so two outputs of
    /// the same instant from different entities (two students missing at 07:50) may come in either
    /// order: within one instant the lines are sorted by text, and the order of one alert's own
    /// steps is kept by their version.
    /// </summary>
    public IReadOnlyList<string> Story(IEnumerable<object> outputs)
    {
        var lines = new List<string>();
        foreach (var output in outputs.Select((o, i) => (Output: o, Index: i))
            .OrderBy(o => TimeOf(o.Output)).ThenBy(o => o.Output is AlertChanged a ? a.AlertId : "", StringComparer.Ordinal)
            .ThenBy(o => o.Output is AlertChanged a ? a.Version : 0).ThenBy(o => o.Index).Select(o => o.Output))
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

    private static DateTimeOffset TimeOf(object output) => output switch
    {
        AlertChanged alert => alert.UpdatedAt,
        GuardianNotice notice => notice.At,
        _ => DateTimeOffset.MinValue,
    };

    /// <summary>The outputs stored in the journal, ordered by output id (each entity's in its own order), as (id, type, JSON).</summary>
    public async Task<ImmutableArray<(string Id, string Type, string Json)>> StoredOutputsAsync()
    {
        var codec = CampusDomain.Codec();
        var stored = await Harness.StoredOutputsAsync();
        return [.. stored.Select(s => s.Output).OrderBy(o => o.Entity.ToString(), StringComparer.Ordinal).ThenBy(o => SequenceOf(o.OutputId)).ThenBy(o => o.OutputId, StringComparer.Ordinal)
            .Select(o => { var (type, payload) = codec.Encode(o.Output); return (o.OutputId, type, System.Text.Encoding.UTF8.GetString(payload)); })];
    }

    /// <summary>The outputs stored in the journal, in journal order.</summary>
    public async Task<IReadOnlyList<object>> StoredOutputObjectsAsync() => [.. (await Harness.StoredOutputsAsync()).Select(s => s.Output.Output)];

    private static long SequenceOf(string outputId) =>
        long.Parse(outputId[(outputId.LastIndexOf('#') + 1)..outputId.LastIndexOf('.')], CultureInfo.InvariantCulture);

    private string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, _zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    private string NextEventId() => $"ev-{++_events}";

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
