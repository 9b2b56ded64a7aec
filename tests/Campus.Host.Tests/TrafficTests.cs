using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campus.Actors.Devices;
using Campus.Actors.Reference;
using Campus.Host.Campus;
using Campus.Host.Demo;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Campus.Host.Tests;

public sealed class TrafficTests : IDisposable
{
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private static readonly DateOnly Holiday = new(2026, 10, 1);
    private static readonly Lazy<CampusManifest> Demo = new(LoadDemo);

    private readonly string _directory = Directory.CreateTempSubdirectory("campus-traffic-").FullName;

    private static CampusManifest Campus => Demo.Value;

    private static IReadOnlyList<DeviceReported> MondayTraffic => SchoolDayTraffic.For(Campus, Monday);

    [Fact]
    public void Every_day_student_arrives_at_most_once()
    {
        var gates = DevicesOf(DeviceKind.GateReader);
        var arrivals = MondayTraffic.Where(e => gates.Contains(e.DeviceId) && e is { Type: DeviceEventType.Access, Direction: Direction.In, PersonId: not null })
            .GroupBy(e => e.PersonId!).ToList();

        Assert.NotEmpty(arrivals);
        Assert.All(arrivals, g => Assert.Single(g));
        Assert.All(arrivals, g => Assert.False(Student(g.Key).Boarding));
    }

    [Fact]
    public void A_few_day_students_never_come()
    {
        var arrived = GateArrivals().Select(e => e.PersonId!).ToHashSet(StringComparer.Ordinal);
        var dayStudents = Campus.Students.Where(s => !s.Boarding).ToList();

        var absent = dayStudents.Count(s => !arrived.Contains(s.Id));
        Assert.InRange(absent, 1, dayStudents.Count * 0.05);
    }

    [Fact]
    public void One_or_two_day_students_arrive_late_after_eight()
    {
        var late = GateArrivals().Where(e => Campus.Rules.LocalTime(e.OccurredAt) >= new TimeOnly(8, 0)).ToList();

        Assert.InRange(late.Count, 1, 2);
        Assert.All(late, e => Assert.InRange(Campus.Rules.LocalTime(e.OccurredAt), new TimeOnly(8, 10), new TimeOnly(8, 15)));
    }

    [Fact]
    public void The_events_are_ordered_by_time_then_id()
    {
        var events = MondayTraffic;

        var ordered = events.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
        Assert.Equal(ordered, events);
    }

    [Fact]
    public void Event_ids_are_unique()
    {
        var events = MondayTraffic;

        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_same_day_gives_the_same_events()
    {
        Assert.Equal(SchoolDayTraffic.For(Campus, Monday), SchoolDayTraffic.For(Campus, Monday));
    }

    [Fact]
    public void Another_day_gives_other_choices_under_other_ids()
    {
        var tuesday = SchoolDayTraffic.For(Campus, Monday.AddDays(1));

        Assert.Empty(tuesday.Select(e => e.EventId).Intersect(MondayTraffic.Select(e => e.EventId)));
        Assert.NotEqual(LateReturners(MondayTraffic, Monday), LateReturners(tuesday, Monday.AddDays(1)));
    }

    [Fact]
    public void Three_boarders_return_to_their_dorm_after_its_curfew()
    {
        var late = LateReturners(MondayTraffic, Monday);

        Assert.Equal(3, late.Count);
        Assert.All(late, id =>
        {
            var entry = MondayTraffic.Single(e => e.PersonId == id && e.Direction == Direction.In && DevicesOf(DeviceKind.DormReader).Contains(e.DeviceId));
            var curfew = Campus.Rules.At(Monday, Campus.Dorms.Single(d => d.Id == Student(id).DormId).Curfew);
            Assert.InRange(entry.OccurredAt, curfew + TimeSpan.FromMinutes(10), curfew + TimeSpan.FromMinutes(40));
        });
    }

    [Fact]
    public void One_boarder_leaves_the_dorm_at_night_and_comes_back()
    {
        var night = MondayTraffic.Where(e => e.Type == DeviceEventType.Access && e.PersonId is not null && DevicesOf(DeviceKind.DormReader).Contains(e.DeviceId)
            && Campus.Rules.NightOf(e.OccurredAt, Curfew(e.PersonId!), new TimeOnly(6, 0)) == Monday).ToList();

        var exit = Assert.Single(night, e => e.Direction == Direction.Out);
        Assert.Contains(night, e => e.PersonId == exit.PersonId && e.Direction == Direction.In && e.OccurredAt > exit.OccurredAt);
    }

    [Fact]
    public void An_unknown_face_shows_at_a_gate_once_in_the_night()
    {
        var unknown = Assert.Single(MondayTraffic, e => e is { Type: DeviceEventType.Access, PersonId: null });

        Assert.Contains(unknown.DeviceId, DevicesOf(DeviceKind.GateReader));
        Assert.InRange(Campus.Rules.ToLocal(unknown.OccurredAt).DateTime, new DateTime(2026, 11, 24, 2, 0, 0), new DateTime(2026, 11, 24, 2, 20, 0));
    }

    [Fact]
    public void One_sos_is_pressed_mid_morning()
    {
        var sos = Assert.Single(MondayTraffic, e => e.Type == DeviceEventType.Alarm);

        Assert.Equal(AlarmType.Sos, sos.Alarm);
        Assert.InRange(Campus.Rules.LocalTime(sos.OccurredAt), new TimeOnly(9, 30), new TimeOnly(11, 30));
    }

    [Fact]
    public void A_child_is_seen_at_the_pond_once_and_gone_a_few_minutes_later()
    {
        var pond = MondayTraffic.Where(e => e.Type == DeviceEventType.Zone && e.ZoneId == "pond").ToList();

        Assert.Equal([1, 0], pond.Select(e => e.Count));
        Assert.InRange(pond[1].OccurredAt - pond[0].OccurredAt, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Nearly_every_student_checks_in_at_their_class_board_before_each_period()
    {
        var boards = Campus.Devices.Where(d => d.Kind == DeviceKind.ClassBoard).ToDictionary(d => d.Id, d => d.LocationId);
        var checkIns = MondayTraffic.Where(e => e.Type == DeviceEventType.Access && boards.ContainsKey(e.DeviceId)).ToList();

        Assert.All(checkIns, e => Assert.Equal(Student(e.PersonId!).ClassId, boards[e.DeviceId]));
        var expected = Campus.Students.Length * Campus.Rules.Periods.Length;
        Assert.InRange(checkIns.Count, expected * 0.95, expected * 0.995);
    }

    [Fact]
    public void Nothing_but_heartbeats_happens_on_a_holiday()
    {
        var events = SchoolDayTraffic.For(Campus, Holiday);

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(DeviceEventType.Heartbeat, e.Type));
    }

    [Fact]
    public void A_school_day_stays_under_twenty_five_thousand_events()
    {
        Assert.InRange(MondayTraffic.Count, 10_000, 25_000);
    }

    [Fact]
    public async Task Playing_traffic_at_an_hour_per_second_fills_classrooms_and_raises_the_sos_by_late_morning()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Campus:Demo", "true");
            web.UseSetting("Campus:Clock", "simulated");
            web.UseSetting("Campus:SimulatedStart", "2026-11-23T05:55:00+08:00");
            web.UseSetting("Campus:Traffic", "true");
            web.UseSetting("Campus:TrafficSpeed", "3600");
            web.UseSetting("Campus:Store", "sqlite");
            web.UseSetting("Campus:ConnectionString", Path.Combine(_directory, "campus.db"));
            web.UseSetting("Campus:DemoFile", Path.Combine(_directory, "demo.json"));
        });
        using var client = factory.CreateClient();
        var demo = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "demo.json"))).RootElement;
        var admin = demo.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("role").GetString() == "admin");
        using var signIn = await client.PostAsJsonAsync("/api/v1/auth/signin",
            new { userName = admin.GetProperty("userName").GetString(), password = admin.GetProperty("password").GetString() });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var sos = Campus.Rules.At(Monday, new TimeOnly(11, 0));

        // Wait on the simulated clock itself: an alarm a minute past the SOS. The clock moves only as
        // fast as the entities take the morning rush in (about 30 s on an idle 2-core machine, twice
        // that beside the rest of the suite); the real-time limit only stops a stalled run.
        var clock = factory.Services.GetRequiredService<SimulatedClock>().Clock;
        var passed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (clock.CreateTimer(_ => passed.TrySetResult(), null, sos + TimeSpan.FromMinutes(1) - clock.GetUtcNow(), Timeout.InfiniteTimeSpan))
        {
            await passed.Task.WaitAsync(TimeSpan.FromMinutes(5));
        }

        // The read model follows the journal (a projection): a zero move of the clock returns once it has caught up.
        var token = (await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/antiforgery")).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
        using var settle = await client.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = "00:00:00" });
        Assert.Equal(HttpStatusCode.OK, settle.StatusCode);

        var presence = await client.GetFromJsonAsync<List<LocationPresence>>("/api/v1/campuses/hj/presence");
        var alerts = await client.GetFromJsonAsync<List<JsonElement>>("/api/v1/campuses/hj/alerts?kind=sos");

        Assert.Contains(presence!, p => p.LocationId.StartsWith("classroom:", StringComparison.Ordinal) && p.Count > 0);
        Assert.Contains(alerts!, a => a.GetProperty("kind").GetString() == "sos" && a.GetProperty("status").GetString() != "resolved");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static HashSet<string> DevicesOf(DeviceKind kind) => [.. Campus.Devices.Where(d => d.Kind == kind).Select(d => d.Id)];

    private static IEnumerable<DeviceReported> GateArrivals() =>
        MondayTraffic.Where(e => DevicesOf(DeviceKind.GateReader).Contains(e.DeviceId) && e is { Type: DeviceEventType.Access, Direction: Direction.In, PersonId: not null });

    private static StudentInfo Student(string id) => Campus.Students.Single(s => s.Id == id);

    private static TimeOnly Curfew(string studentId) => Campus.Dorms.Single(d => d.Id == Student(studentId).DormId).Curfew;

    private static List<string> LateReturners(IReadOnlyList<DeviceReported> events, DateOnly day) =>
        [.. events.Where(e => e is { Type: DeviceEventType.Access, Direction: Direction.In, PersonId: not null }
                && DevicesOf(DeviceKind.DormReader).Contains(e.DeviceId)
                && e.OccurredAt >= Campus.Rules.At(day, Curfew(e.PersonId!)))
            .Where(e => !events.Any(o => o.PersonId == e.PersonId && o.Direction == Direction.Out && o.OccurredAt < e.OccurredAt && o.OccurredAt >= Campus.Rules.At(day, Curfew(e.PersonId!))))
            .Select(e => e.PersonId!).Order(StringComparer.Ordinal)];

    private static CampusManifest LoadDemo()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CampusOps.sln"))) folder = folder.Parent;
        Assert.NotNull(folder);
        var result = ManifestLoader.LoadFiles(Path.Combine(folder.FullName, "ops", "demo", "campus.json"));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Manifest;
    }

    private sealed record ClockReading(DateTimeOffset Now);

    private sealed record LocationPresence(string LocationId, int Count);
}
