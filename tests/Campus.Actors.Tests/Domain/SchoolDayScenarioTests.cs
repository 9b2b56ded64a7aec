using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>
/// A school day of the test campus through the real entity hosting (SQLite, manual clock): class c7-1
/// and c7-2 during the day, dorm-a and dorm-b at night. The expected story lists every alert
/// change (except reminders) and every guardian notice, in order, and nothing else.
/// </summary>
public sealed class SchoolDayScenarioTests
{
    private static readonly DateOnly Monday = TestCampus.Monday;
    private static readonly DateOnly Tuesday = Monday.AddDays(1);

    private static DateTimeOffset Mon(int hour, int minute) => TestCampus.Local(Monday, hour, minute);

    private static DateTimeOffset Tue(int hour, int minute) => TestCampus.Local(Tuesday, hour, minute);

    /// <summary>
    /// Monday, step by step. Boarders S1001, S1003 (dorm-a) and S1004 (dorm-b) leave their dorms
    /// in the morning; day student S1002 arrives, S1005 stays away and gets sick leave later;
    /// S1001 misses period 2's check-in and turns up late; a child is seen at the pond at lunch;
    /// S1003 is out at curfew and returns late; S1001 slips out at night; an unknown face at the
    /// south gate at 02:14.
    /// </summary>
    public static IReadOnlyList<(string Label, Func<CampusScenario, Task> Act)> Monday_steps()
    {
        var steps = new List<(string, Func<CampusScenario, Task>)>
        {
            ("boarders leave their dorms", async s =>
            {
                await s.ScanAsync(Mon(6, 40), "dorm-a-reader", "S1001", Direction.Out);
                await s.ScanAsync(Mon(6, 41), "dorm-a-reader", "S1003", Direction.Out);
                await s.ScanAsync(Mon(6, 42), "dorm-b-reader", "S1004", Direction.Out);
            }),
            ("day student arrives", s => s.ScanAsync(Mon(7, 31), "gate-n-reader", "S1002", Direction.In)),
            ("period 1", s => CheckInAsync(s, Mon(7, 55), "S1001", "S1002", "S1003", "S1004")),
            ("sick leave for S1005", s => s.OperatorAsync(Mon(8, 15), CampusIds.Student(TestCampus.Id, "S1005"),
                new ApproveLeave(new LeaveApproval("L-1", "S1005", Mon(0, 0), Tue(0, 0), "sick", "teacher-wang")))),
            ("period 2 without S1001", s => CheckInAsync(s, Mon(8, 50), "S1002", "S1003", "S1004")),
            ("S1001 turns up late", s => s.ScanAsync(Mon(9, 12), "c7-1-board", "S1001")),
            ("periods 3 and 4", async s =>
            {
                await CheckInAsync(s, Mon(9, 55), "S1001", "S1002", "S1003", "S1004");
                await CheckInAsync(s, Mon(10, 50), "S1001", "S1002", "S1003", "S1004");
            }),
            ("someone at the pond", async s =>
            {
                await s.CameraAsync(Mon(12, 30), "cam-pond", 1);
                await s.CameraAsync(Mon(12, 33), "cam-pond", 0);
                await s.OperatorAsync(Mon(12, 38), s.Alert(AlertKind.RestrictedZone, "pond", "2026-11-23T12"),
                    new ResolveAlert("security-zhao", ResolutionOutcome.Found, "student walked back to class"));
            }),
            ("periods 5 and 6", async s =>
            {
                await CheckInAsync(s, Mon(13, 55), "S1001", "S1002", "S1003", "S1004");
                await CheckInAsync(s, Mon(14, 50), "S1001", "S1002", "S1003", "S1004");
            }),
            ("day student leaves", s => s.ScanAsync(Mon(16, 40), "gate-s-reader", "S1002", Direction.Out)),
            ("boarders return to their dorms", async s =>
            {
                await s.ScanAsync(Mon(17, 10), "dorm-a-reader", "S1001");
                await s.ScanAsync(Mon(17, 20), "dorm-a-reader", "S1003");
                await s.ScanAsync(Mon(17, 30), "dorm-b-reader", "S1004");
            }),
            ("S1003 goes out before curfew", s => s.ScanAsync(Mon(21, 0), "dorm-a-reader", "S1003", Direction.Out)),
            ("supervisor acknowledges the curfew alert", s => s.OperatorAsync(Mon(21, 36),
                s.Alert(AlertKind.CurfewMissing, "S1003", "2026-11-23"), new AcknowledgeAlert("supervisor-li", "calling her"))),
            ("S1003 returns late", s => s.ScanAsync(Mon(21, 52), "dorm-a-reader", "S1003")),
            ("S1001 slips out and back", async s =>
            {
                await s.ScanAsync(Mon(23, 10), "dorm-a-reader", "S1001", Direction.Out);
                await s.ScanAsync(Mon(23, 30), "dorm-a-reader", "S1001");
                await s.OperatorAsync(Mon(23, 45), s.Alert(AlertKind.NightExit, "S1001", "2026-11-23"),
                    new ResolveAlert("security-zhao", ResolutionOutcome.Found, "was in the common room"));
            }),
            ("unknown face at the south gate", async s =>
            {
                await s.ScanAsync(Tue(2, 14), "gate-s-reader", null);
                var intruder = s.Alert(AlertKind.Intruder, "gate-s", "2026-11-24T02");
                await s.OperatorAsync(Tue(2, 16), intruder, new AcknowledgeAlert("security-zhao", "checking the camera"));
                await s.OperatorAsync(Tue(2, 30), intruder, new ResolveAlert("security-zhao", ResolutionOutcome.FalseAlarm, "night guard without his card"));
            }),
            ("morning", s => s.AtAsync(Tue(6, 30))),
        };
        return steps;
    }

    /// <summary>The story of Monday: every alert change except reminders and every notice, in order.</summary>
    public static readonly string[] Expected =
    [
        "07:31 notice Arrival S1002 to G1002",
        "07:50 abnormal-absence:S1005:2026-11-23 raised class-teacher",
        "08:00 abnormal-absence:S1005:2026-11-23 escalated security",
        "08:15 abnormal-absence:S1005:2026-11-23 resolved security LeaveAdded",
        "09:05 missing-from-class:S1001:2026-11-23-p2 raised class-teacher",
        "09:12 missing-from-class:S1001:2026-11-23-p2 resolved class-teacher ConditionCleared",
        "12:30 restricted-zone:pond:2026-11-23T12 raised security",
        "12:38 restricted-zone:pond:2026-11-23T12 resolved security Found",
        "16:40 notice Departure S1002 to G1002",
        "17:10 notice DormCheckIn S1001 to G1001",
        "17:20 notice DormCheckIn S1003 to G1003",
        "17:30 notice DormCheckIn S1004 to G1004",
        "21:30 curfew-missing:S1003:2026-11-23 raised dorm-supervisor",
        "21:36 curfew-missing:S1003:2026-11-23 acknowledged dorm-supervisor",
        "21:52 curfew-missing:S1003:2026-11-23 resolved dorm-supervisor LateReturn",
        "23:10 night-exit:S1001:2026-11-23 raised dorm-supervisor",
        "23:20 night-exit:S1001:2026-11-23 escalated security",
        "23:40 night-exit:S1001:2026-11-23 escalated duty-leader",
        "23:45 night-exit:S1001:2026-11-23 resolved duty-leader Found",
        "02:14 intruder:gate-s:2026-11-24T02 raised security",
        "02:16 intruder:gate-s:2026-11-24T02 acknowledged security",
        "02:30 intruder:gate-s:2026-11-24T02 resolved security FalseAlarm",
    ];

    private static async Task CheckInAsync(CampusScenario s, DateTimeOffset at, params string[] students)
    {
        foreach (var student in students)
        {
            var board = student is "S1001" or "S1002" ? "c7-1-board" : "c7-2-board";
            await s.ScanAsync(at, board, student);
        }
    }

    public static Task<CampusScenario> StartMondayAsync(Campus.Actors.Hosting.CampusStore? store = null, Action<Campus.Actors.Hosting.EntityHostOptions>? configure = null) =>
        CampusScenario.StartAsync(CampusScenario.QuietDevices(TestCampus.Manifest()), Mon(6, 0), store, configure);

    [Fact]
    public async Task A_school_day_gives_the_expected_alerts_and_notices_in_order_and_nothing_else()
    {
        await using var scenario = await StartMondayAsync();

        foreach (var (_, act) in Monday_steps()) await act(scenario);

        Assert.Equal(Expected, scenario.Story());
    }

    [Fact]
    public async Task A_replayed_or_retried_scan_raises_nothing_twice()
    {
        await using var scenario = await StartMondayAsync();
        var unknown = new DeviceReported("hik-991", "gate-s-reader", Tue(2, 14), DeviceEventType.Access, null, Direction.In);
        await scenario.DeviceAsync(Tue(2, 14), unknown);
        await scenario.DeviceAsync(Tue(2, 14), unknown);
        await scenario.DeviceAsync(Tue(2, 20), unknown with { EventId = "hik-992", OccurredAt = Tue(2, 20) });

        Assert.Equal(["02:14 intruder:gate-s:2026-11-24T02 raised security"],
            scenario.Story().Where(l => l.Contains("intruder", StringComparison.Ordinal) && !l.Contains("escalated", StringComparison.Ordinal)));
    }
}
