using System.Globalization;
using System.Security.Cryptography;
using Campus.Actors.Devices;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;

namespace Campus.Bench;

/// <summary>
/// Ordinary device traffic of one day on a campus, deterministic (a hash of the student, the purpose
/// and the day decides every time): heartbeats of every device every 1.5 heartbeat intervals during
/// its active hours; on a school day boarders leave their dorm 06:20-06:55 and return 0-3 h after
/// dismissal, day students (2% absent) pass a gate in 07:05-07:45 and out in the half hour after
/// dismissal, and everyone present checks in at their class-board 1-9 minutes before each period.
/// No incidents are staged: alerts come only from what the rules find in this traffic (absent day
/// students and the like). Device events go in as the ingest API stores them.
/// </summary>
internal static class CampusTraffic
{
    private const int AbsentPerMille = 20;

    /// <summary>The events of <paramref name="day"/>, sorted by time, then id.</summary>
    public static List<DeviceReported> Day(CampusManifest campus, DateOnly day, bool heartbeats)
    {
        var rules = campus.Rules;
        var tag = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var events = new List<DeviceReported>();
        var readers = campus.Devices.GroupBy(d => (d.Kind, d.LocationId)).ToDictionary(g => g.Key, g => g.First().Id);
        var gates = campus.Devices.Where(d => d.Kind == DeviceKind.GateReader).Select(d => d.Id).ToArray();

        void Add(string id, string device, DateTimeOffset at, DeviceEventType type, string? person = null, Direction? direction = null) =>
            events.Add(new DeviceReported($"bench-{tag}-{id}", device, at, type, person, direction));
        ulong Hash(string key, string salt) => BitConverter.ToUInt64(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{key}|{salt}|{tag}")));
        TimeSpan Spread(string key, string salt, TimeSpan range) => TimeSpan.FromSeconds(Hash(key, salt) % (ulong)Math.Max(1, range.TotalSeconds));
        DateTimeOffset Local(TimeOnly time) => rules.At(day, time);

        if (heartbeats)
        {
            foreach (var device in campus.Devices)
            {
                var step = device.HeartbeatInterval * DeviceBehavior.MissedHeartbeats / 2;
                if (step <= TimeSpan.Zero) continue;
                for (var offset = TimeSpan.Zero; offset < TimeSpan.FromDays(1); offset += step)
                {
                    var time = TimeOnly.FromTimeSpan(offset);
                    if (LocalHours.Contains(device.ActiveFrom, device.ActiveTo, time))
                        Add($"hb-{device.Id}-{time.ToString("HHmmss", CultureInfo.InvariantCulture)}", device.Id, Local(time), DeviceEventType.Heartbeat);
                }
            }
        }

        if (rules.Calendar.IsSchoolDay(day))
        {
            var dismissal = Local(rules.Dismissal);
            foreach (var student in campus.Students)
            {
                DateTimeOffset? arrived = null;
                if (student.Boarding && student.DormId is { } dorm && readers.TryGetValue((DeviceKind.DormReader, dorm), out var door))
                {
                    Add($"dorm-out-{student.Id}", door, Local(new TimeOnly(6, 20)) + Spread(student.Id, "wake", TimeSpan.FromMinutes(35)), DeviceEventType.Access, student.Id, Direction.Out);
                    Add($"dorm-in-{student.Id}", door, dismissal + Spread(student.Id, "return", TimeSpan.FromHours(3)), DeviceEventType.Access, student.Id, Direction.In);
                }
                else if (!student.Boarding && gates.Length > 0)
                {
                    if (Hash(student.Id, "absent") % 1000 < AbsentPerMille) continue;
                    arrived = Local(new TimeOnly(7, 5)) + Spread(student.Id, "arrive", TimeSpan.FromMinutes(40));
                    Add($"gate-in-{student.Id}", gates[Hash(student.Id, "gate-in") % (ulong)gates.Length], arrived.Value, DeviceEventType.Access, student.Id, Direction.In);
                    Add($"gate-out-{student.Id}", gates[Hash(student.Id, "gate-out") % (ulong)gates.Length], dismissal + Spread(student.Id, "leave", TimeSpan.FromMinutes(30)),
                        DeviceEventType.Access, student.Id, Direction.Out);
                }
                if (!readers.TryGetValue((DeviceKind.ClassBoard, student.ClassId), out var board)) continue;
                foreach (var period in rules.Periods)
                {
                    var at = Local(period.Start) - TimeSpan.FromMinutes(1) - Spread(student.Id, $"p{period.Number}", TimeSpan.FromMinutes(8));
                    if (arrived is { } arrival && arrival > at) continue;
                    Add($"class-{period.Number}-{student.Id}", board, at, DeviceEventType.Access, student.Id);
                }
            }
        }
        events.Sort((a, b) => a.OccurredAt != b.OccurredAt ? a.OccurredAt.CompareTo(b.OccurredAt) : string.CompareOrdinal(a.EventId, b.EventId));
        return events;
    }

    /// <summary>A device event as the ingest API stores it (heartbeats remembered only for the source's last few ids).</summary>
    public static EntityInput Input(string campus, DeviceReported report) => report.Type == DeviceEventType.Heartbeat
        ? new(CampusIds.Device(campus, report.DeviceId), report, $"device:{campus}/{report.DeviceId}/heartbeat", report.EventId, report.OccurredAt, TimeSpan.Zero)
        : new(CampusIds.Device(campus, report.DeviceId), report, $"device:{campus}/{report.DeviceId}", report.EventId, report.OccurredAt);
}

/// <summary>
/// Plays <see cref="CampusTraffic"/> into a node with a manual clock, an hour at a time: the hour's
/// events go in (each device's events in one call, devices at once) and everything they cause
/// happens, then the clock moves to the end of the hour, stopping at every due timer until
/// everything it caused has happened.
/// </summary>
internal sealed class CampusSimulation(CampusManifest campus, ManualClock clock)
{
    /// <summary>Device events stored so far.</summary>
    public long Inputs { get; private set; }

    /// <summary>The manifest's input as the host sends it at start (same source and event id, so a host on this journal sees it as already applied).</summary>
    public EntityInput ManifestInput(MessageCodec codec)
    {
        var (_, payload) = codec.Encode(new ConfigureCampus(campus));
        var version = Convert.ToHexStringLower(SHA256.HashData(payload))[..16];
        return new EntityInput(CampusIds.Config(campus.CampusId), new ConfigureCampus(campus), "manifest", $"{campus.CampusId}-{version}", clock.GetUtcNow());
    }

    /// <summary>Sends the manifest and waits until every entity of the campus has its part.</summary>
    public async Task ConfigureAsync(CampusEntities entities, MessageCodec codec)
    {
        await Bench.AppendAsync(entities, [ManifestInput(codec)]);
        await entities.WhenIdleAsync();
    }

    /// <summary>Plays <paramref name="day"/> (the clock must not be past its start); returns the number of device events stored.</summary>
    public async Task<int> PlayDayAsync(CampusEntities entities, DateOnly day, bool heartbeats)
    {
        var events = CampusTraffic.Day(campus, day, heartbeats);
        var next = 0;
        for (var hour = campus.Rules.At(day, TimeOnly.MinValue); hour < campus.Rules.At(day.AddDays(1), TimeOnly.MinValue); hour = hour.AddHours(1))
        {
            var end = hour.AddHours(1);
            var first = next;
            while (next < events.Count && events[next].OccurredAt < end) next++;
            var devices = events.Skip(first).Take(next - first).GroupBy(e => e.DeviceId)
                .Select(g => g.Select(e => CampusTraffic.Input(campus.CampusId, e)).ToArray());
            await Task.WhenAll(devices.Select(inputs => Bench.AppendAsync(entities, inputs)));
            await entities.WhenIdleAsync(); // every scan has reached its student before a timer of the hour fires
            await clock.AdvanceToAsync(end, entities.WhenIdleAsync);
        }
        Inputs += events.Count;
        return events.Count;
    }
}
