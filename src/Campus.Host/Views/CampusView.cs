using System.Collections.Concurrent;
using System.Collections.Immutable;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Runtime;
using Campus.Actors.Students;
using Campus.Actors.Zones;
using Campus.Host.Storage;

namespace Campus.Host.Views;

/// <summary>
/// The current state the operator API answers from: alerts (highest version of each), where each
/// student is, how many people each camera zone sees, device health, and today's movements and
/// notices per student. It
/// is built from the outputs stored at checkpoints when the host starts, then kept current by
/// subscribing to the runtime; replayed outputs change nothing (alerts keep their highest version,
/// everything else is keyed by output id).
/// </summary>
public sealed class CampusView : IRuntimeListener
{
    private const int MaxEventsPerStudent = 500;
    private readonly ConcurrentDictionary<string, AlertChanged> _alerts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PresenceChanged> _presence = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceHealthChanged> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ZoneOccupancyChanged> _zones = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StudentLog> _students = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableDictionary<string, LeaveApproval>> _leaves = new(StringComparer.Ordinal);

    /// <summary>Loads every stored output of every shard (at start-up, before the runtime publishes).</summary>
    public async Task LoadAsync(IShardStore store, MessageCodec codec, int shardCount, CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < shardCount; shard++)
        {
            var records = await store.ReadOutputsAsync(shard, 0, int.MaxValue, cancellationToken);
            foreach (var record in records) Apply(record.OutputId, codec.Decode(record.OutputType, record.Payload));
        }
    }

    void IOutputSubscriber.OnOutput(EntityOutput output) => Apply(output.OutputId, output.Output);

    /// <summary>Applies one output (idempotent per output id and alert version).</summary>
    public void Apply(string outputId, object output)
    {
        switch (output)
        {
            case AlertChanged alert:
                _alerts.AddOrUpdate(Key(alert.CampusId, alert.AlertId), alert, (_, old) => alert.Version > old.Version ? alert : old);
                break;
            case PresenceChanged presence:
                _presence.AddOrUpdate(Key(presence.CampusId, presence.PersonId), presence, (_, old) => presence.At >= old.At ? presence : old);
                Log(presence.CampusId, presence.PersonId).Add(outputId, presence.At, presence);
                break;
            case GuardianNotice notice:
                Log(notice.CampusId, notice.StudentId).Add(outputId, notice.At, notice);
                break;
            case DeviceHealthChanged device:
                _devices.AddOrUpdate(Key(device.CampusId, device.DeviceId), device, (_, old) => device.At >= old.At ? device : old);
                break;
            case ZoneOccupancyChanged zone:
                _zones.AddOrUpdate(Key(zone.CampusId, zone.ZoneId), zone, (_, old) => zone.At >= old.At ? zone : old);
                break;
            case LeaveRecorded recorded:
                _leaves.AddOrUpdate(Key(recorded.CampusId, recorded.Leave.StudentId),
                    _ => ImmutableDictionary<string, LeaveApproval>.Empty.Add(recorded.Leave.LeaveId, recorded.Leave),
                    (_, old) => old.SetItem(recorded.Leave.LeaveId, recorded.Leave));
                break;
        }
    }

    /// <summary>One alert by campus and id, or null.</summary>
    public AlertChanged? Alert(string campusId, string alertId) => _alerts.GetValueOrDefault(Key(campusId, alertId));

    /// <summary>Alerts of a campus, newest first.</summary>
    public IEnumerable<AlertChanged> Alerts(string campusId) =>
        _alerts.Values.Where(a => a.CampusId == campusId).OrderByDescending(a => a.RaisedAt).ThenBy(a => a.AlertId, StringComparer.Ordinal);

    /// <summary>Where every known student of a campus is.</summary>
    public IEnumerable<PresenceChanged> Presence(string campusId) => _presence.Values.Where(p => p.CampusId == campusId);

    /// <summary>Where one student is, or null when never seen.</summary>
    public PresenceChanged? PresenceOf(string campusId, string studentId) => _presence.GetValueOrDefault(Key(campusId, studentId));

    /// <summary>The last count of each camera zone of a campus that has reported one.</summary>
    public IEnumerable<ZoneOccupancyChanged> Zones(string campusId) => _zones.Values.Where(z => z.CampusId == campusId);

    /// <summary>The last health report of each device of a campus.</summary>
    public IEnumerable<DeviceHealthChanged> Devices(string campusId) => _devices.Values.Where(d => d.CampusId == campusId);

    /// <summary>The leave of a student that covers <paramref name="at"/>, or null.</summary>
    public LeaveApproval? LeaveAt(string campusId, string studentId, DateTimeOffset at) =>
        _leaves.TryGetValue(Key(campusId, studentId), out var leaves) ? leaves.Values.FirstOrDefault(l => l.Covers(at)) : null;

    /// <summary>A student's movements and notices between two instants, in time order.</summary>
    public IReadOnlyList<(DateTimeOffset At, object Entry)> Timeline(string campusId, string studentId, DateTimeOffset from, DateTimeOffset to) =>
        _students.TryGetValue(Key(campusId, studentId), out var log) ? log.Between(from, to) : [];

    private StudentLog Log(string campusId, string studentId) => _students.GetOrAdd(Key(campusId, studentId), _ => new StudentLog());

    private static string Key(string campusId, string id) => string.Concat(campusId, "/", id);

    /// <summary>One student's recent movements and notices, de-duplicated by output id.</summary>
    private sealed class StudentLog
    {
        private readonly Lock _gate = new();
        private ImmutableSortedDictionary<(long Ticks, string OutputId), object> _entries = ImmutableSortedDictionary<(long, string), object>.Empty;

        public void Add(string outputId, DateTimeOffset at, object entry)
        {
            lock (_gate)
            {
                _entries = _entries.SetItem((at.UtcTicks, outputId), entry);
                while (_entries.Count > MaxEventsPerStudent) _entries = _entries.Remove(_entries.Keys.First());
            }
        }

        public IReadOnlyList<(DateTimeOffset, object)> Between(DateTimeOffset from, DateTimeOffset to) =>
            [.. _entries.Where(e => e.Key.Ticks >= from.UtcTicks && e.Key.Ticks < to.UtcTicks)
                .Select(e => (new DateTimeOffset(e.Key.Ticks, TimeSpan.Zero), e.Value))];
    }
}
