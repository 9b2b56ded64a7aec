using System.Globalization;
using Campus.Actors.Devices;
using Campus.Actors.Reference;

namespace Campus.Host.Demo;

/// <summary>
/// The device events of one simulated day on a campus: pure and deterministic (a hash of the
/// student id and the day decides every choice), so a restarted generator sends the same events
/// under the same ids and the runtime de-duplicates them.
/// </summary>
/// <remarks>
/// A school day: boarders leave their dorm 06:20-06:55; day students arrive at a gate 07:05-07:45
/// (about 2% never come, one or two arrive late around 08:10); every student checks in at their
/// class-board 0-9 minutes before each period (about 2% miss one period); a child at the pond
/// around lunch; an SOS mid-morning; day students leave 0-30 minutes after dismissal; boarders
/// return to their dorm before curfew. The night before a school day: three boarders return
/// 10-40 minutes after curfew, one leaves the dorm at night and comes back, and an unknown face
/// shows at a gate around 02:10. Every day: heartbeats of every device during its active hours,
/// every 1.5 heartbeat intervals (half the silence that makes a device offline).
/// </remarks>
public static class SchoolDayTraffic
{
    /// <summary>The share of day students who do not come (in thousandths).</summary>
    private const int AbsentPerMille = 20;

    /// <summary>The share of students who miss one period's check-in (in thousandths).</summary>
    private const int MissPerMille = 20;

    /// <summary>How many boarders return after curfew on a night before a school day.</summary>
    public const int LateReturns = 3;

    /// <summary>Event times fall on multiples of this many seconds.</summary>
    private const int Grain = 10;

    /// <summary>The events of <paramref name="day"/> (its night included, which may run past midnight), sorted by time, then id.</summary>
    public static IReadOnlyList<DeviceReported> For(CampusManifest campus, DateOnly day)
    {
        var builder = new Builder(campus, day);
        builder.Heartbeats();
        if (campus.Rules.Calendar.IsSchoolDay(day)) builder.SchoolDay();
        if (campus.Rules.Calendar.IsSchoolDay(day.AddDays(1))) builder.NightBeforeSchoolDay();
        return builder.Sorted();
    }

    private sealed class Builder(CampusManifest campus, DateOnly day)
    {
        private readonly List<DeviceReported> _events = [];
        private readonly string _tag = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        private CampusRules Rules => campus.Rules;

        public IReadOnlyList<DeviceReported> Sorted() =>
            [.. _events.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal)];

        public void Heartbeats()
        {
            foreach (var device in campus.Devices)
            {
                var step = device.HeartbeatInterval * DeviceBehavior.MissedHeartbeats / 2;
                if (step <= TimeSpan.Zero) continue;
                for (var offset = TimeSpan.Zero; offset < TimeSpan.FromDays(1); offset += step)
                {
                    var time = TimeOnly.FromTimeSpan(offset);
                    if (!LocalHours.Contains(device.ActiveFrom, device.ActiveTo, time)) continue;
                    Add($"hb-{device.Id}-{time.ToString("HHmmss", CultureInfo.InvariantCulture)}", device.Id, Rules.At(day, time), DeviceEventType.Heartbeat);
                }
            }
        }

        public void SchoolDay()
        {
            var dismissal = Rules.At(day, Rules.Dismissal);
            var gates = Devices(DeviceKind.GateReader);

            foreach (var boarder in Boarders())
            {
                if (Reader(DeviceKind.DormReader, boarder.DormId!) is not { } reader) continue;
                Add($"dorm-out-{boarder.Id}", reader, Local(new TimeOnly(6, 20)) + Seconds(boarder.Id, "wake", 35 * 60), DeviceEventType.Access, boarder.Id, Direction.Out);
            }

            var dayStudents = campus.Students.Where(s => !s.Boarding).ToList();
            var present = dayStudents.Where(s => Hash(s.Id, "absent") % 1000 >= AbsentPerMille).ToList();
            var lateCount = 1 + (int)(Hash("campus", "late-count") % 2);
            var late = present.OrderBy(s => Hash(s.Id, "late")).ThenBy(s => s.Id, StringComparer.Ordinal).Take(lateCount).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var arrivals = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            if (gates.Count > 0)
            {
                foreach (var student in present)
                {
                    var at = late.Contains(student.Id)
                        ? Local(new TimeOnly(8, 10)) + Seconds(student.Id, "arrive", 5 * 60)
                        : Local(new TimeOnly(7, 5)) + Seconds(student.Id, "arrive", 40 * 60);
                    arrivals[student.Id] = at;
                    Add($"gate-in-{student.Id}", Pick(gates, student.Id, "gate-in"), at, DeviceEventType.Access, student.Id, Direction.In);
                    Add($"gate-out-{student.Id}", Pick(gates, student.Id, "gate-out"), dismissal + Seconds(student.Id, "leave", 30 * 60), DeviceEventType.Access, student.Id, Direction.Out);
                }
            }

            var attending = campus.Students.Where(s => s.Boarding || arrivals.ContainsKey(s.Id));
            foreach (var student in attending)
            {
                if (Reader(DeviceKind.ClassBoard, student.ClassId) is not { } board) continue;
                var missed = Hash(student.Id, "miss") % 1000 < MissPerMille && Rules.Periods.Length > 0
                    ? Rules.Periods[(int)(Hash(student.Id, "miss-period") % (ulong)Rules.Periods.Length)].Number
                    : -1;
                foreach (var period in Rules.Periods)
                {
                    if (period.Number == missed) continue;
                    var start = Local(period.Start);
                    var at = start - TimeSpan.FromSeconds(Grain) - Seconds(student.Id, $"p{period.Number}", 9 * 60 - Grain);
                    if (arrivals.TryGetValue(student.Id, out var arrived) && arrived > at) continue; // came too late for this period
                    Add($"class-{period.Number}-{student.Id}", board, at, DeviceEventType.Access, student.Id);
                }
            }

            if (campus.Zones.FirstOrDefault(z => z.Kind == ZoneKind.Hazard) is { } hazard
                && Reader(DeviceKind.Camera, hazard.Id) is { } camera && campus.Students.Length > 0)
            {
                var child = campus.Students[(int)(Hash("campus", "hazard-child") % (ulong)campus.Students.Length)];
                var seen = Local(new TimeOnly(12, 10)) + Seconds("campus", "hazard", 30 * 60);
                Add($"zone-{hazard.Id}-1", camera, seen, DeviceEventType.Zone, child.Id, zone: hazard.Id, count: 1);
                Add($"zone-{hazard.Id}-0", camera, seen + TimeSpan.FromMinutes(3) + Seconds("campus", "hazard-gone", 3 * 60), DeviceEventType.Zone, zone: hazard.Id, count: 0);
            }

            var panics = Devices(DeviceKind.PanicButton);
            if (panics.Count > 0)
            {
                Add("sos", Pick(panics, "campus", "sos"), Local(new TimeOnly(10, 0)) + Seconds("campus", "sos", 60 * 60), DeviceEventType.Alarm, alarm: AlarmType.Sos);
            }

            var nightBeforeSchool = Rules.Calendar.IsSchoolDay(day.AddDays(1));
            var lateBoarders = nightBeforeSchool ? LateBoarders() : [];
            foreach (var boarder in Boarders())
            {
                if (lateBoarders.Contains(boarder.Id) || Dorm(boarder.DormId!) is not { } dorm || Reader(DeviceKind.DormReader, dorm.Id) is not { } reader) continue;
                var curfew = Local(dorm.Curfew);
                var window = (int)Math.Max(60, (curfew - dismissal - TimeSpan.FromMinutes(5)).TotalSeconds);
                Add($"dorm-in-{boarder.Id}", reader, dismissal + Seconds(boarder.Id, "return", window), DeviceEventType.Access, boarder.Id, Direction.In);
            }
        }

        public void NightBeforeSchoolDay()
        {
            var school = Rules.Calendar.IsSchoolDay(day);
            var lateBoarders = LateBoarders();
            foreach (var boarder in Boarders().Where(b => lateBoarders.Contains(b.Id)))
            {
                if (Dorm(boarder.DormId!) is not { } dorm || Reader(DeviceKind.DormReader, dorm.Id) is not { } reader) continue;
                if (!school) // on a day off they are in the dorm: they go out in the afternoon first
                    Add($"dorm-out-{boarder.Id}", reader, Local(new TimeOnly(15, 0)) + Seconds(boarder.Id, "outing", 2 * 60 * 60), DeviceEventType.Access, boarder.Id, Direction.Out);
                Add($"dorm-in-{boarder.Id}", reader, Local(dorm.Curfew) + TimeSpan.FromMinutes(10) + Seconds(boarder.Id, "late", 30 * 60), DeviceEventType.Access, boarder.Id, Direction.In);
            }

            if (Boarders().Where(b => !lateBoarders.Contains(b.Id)).OrderBy(b => Hash(b.Id, "night-exit")).ThenBy(b => b.Id, StringComparer.Ordinal).FirstOrDefault() is { } wanderer
                && Dorm(wanderer.DormId!) is { } home && Reader(DeviceKind.DormReader, home.Id) is { } door)
            {
                var exit = Local(home.Curfew) + TimeSpan.FromMinutes(60) + Seconds(wanderer.Id, "night-exit", 60 * 60);
                Add($"night-out-{wanderer.Id}", door, exit, DeviceEventType.Access, wanderer.Id, Direction.Out);
                Add($"night-in-{wanderer.Id}", door, exit + TimeSpan.FromMinutes(20) + Seconds(wanderer.Id, "night-back", 20 * 60), DeviceEventType.Access, wanderer.Id, Direction.In);
            }

            var gates = Devices(DeviceKind.GateReader);
            if (gates.Count > 0)
            {
                var at = Rules.At(day.AddDays(1), new TimeOnly(2, 5)) + Seconds("campus", "unknown-face", 10 * 60);
                Add("unknown-face", Pick(gates, "campus", "unknown-face"), at, DeviceEventType.Access, null, Direction.In);
            }
        }

        private HashSet<string> LateBoarders() =>
            Boarders().OrderBy(b => Hash(b.Id, "late-return")).ThenBy(b => b.Id, StringComparer.Ordinal)
                .Take(LateReturns).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);

        private IEnumerable<StudentInfo> Boarders() => campus.Students.Where(s => s.Boarding && s.DormId is not null && Dorm(s.DormId) is not null);

        private DormInfo? Dorm(string id) => campus.Dorms.FirstOrDefault(d => d.Id == id);

        private List<string> Devices(DeviceKind kind) => [.. campus.Devices.Where(d => d.Kind == kind).Select(d => d.Id)];

        private string? Reader(DeviceKind kind, string locationId) =>
            campus.Devices.FirstOrDefault(d => d.Kind == kind && d.LocationId == locationId)?.Id;

        private string Pick(List<string> devices, string key, string salt) => devices[(int)(Hash(key, salt) % (ulong)devices.Count)];

        private DateTimeOffset Local(TimeOnly time) => Rules.At(day, time);

        /// <summary>
        /// A multiple of <see cref="Grain"/> seconds in [0, <paramref name="range"/>), decided by the key, the purpose and the day.
        /// The grain lets events share instants, so the generator moves the clock and appends once per instant, not once per event.
        /// </summary>
        private TimeSpan Seconds(string key, string salt, int range) =>
            TimeSpan.FromSeconds((double)(Hash(key, salt) % (ulong)Math.Max(1, range / Grain)) * Grain);

        /// <summary>FNV-1a (64 bit) of the key, the purpose and the day, finished with a xorshift mix.</summary>
        private ulong Hash(string key, string salt)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in $"{key}|{salt}|{_tag}")
            {
                hash ^= c;
                hash *= 1099511628211UL;
            }
            hash ^= hash >> 33;
            hash *= 0xff51afd7ed558ccdUL;
            hash ^= hash >> 33;
            return hash;
        }

        private void Add(string id, string deviceId, DateTimeOffset at, DeviceEventType type, string? person = null, Direction? direction = null,
            string? zone = null, int? count = null, AlarmType? alarm = null) =>
            _events.Add(new DeviceReported($"sim-{_tag}-{id}", deviceId, at, type, person, direction, zone, count, alarm));
    }
}
