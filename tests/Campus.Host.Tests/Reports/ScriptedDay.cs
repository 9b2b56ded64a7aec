using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Host.Reports;
using static Campus.TestKit.TestCampus;

namespace Campus.Host.Tests.Reports;

/// <summary>
/// Monday 2026-11-23 on the test campus (a school day; its night is checked, Tuesday being a school
/// day), as the read model would give it, with every figure known in advance.
/// </summary>
/// <remarks>
/// Students: c7-1: S1001 (boarder, dorm-a), S1002 (day), S1007 (boarder, dorm-b); c7-2: S1003 (boarder,
/// dorm-a), S1004 (boarder, dorm-b), S1005 (day), S1006 (day).
/// <list type="bullet">
/// <item>S1001 woke in dorm-a, in it again at 21:00, left it at 23:00 (night exit), back at 23:20.</item>
/// <item>S1002 arrived 07:40, went home at 15:00 (before dismissal 16:30, no leave: left early).</item>
/// <item>S1003 woke in dorm-a, came back to it at 22:10 (curfew 21:30: late return).</item>
/// <item>S1004 came in from home at 08:20 (after the 07:50 deadline: late) and never went to dorm-b (curfew 22:00): still missing.</item>
/// <item>S1005 never came, no leave; S1006 never came, on leave 07:00-18:00.</item>
/// <item>S1007 woke in dorm-b, left campus at 16:00 on leave until Tuesday 18:00 (not expected at curfew).</item>
/// </list>
/// Gate passages: in 2 (S1002, S1004), out 2 (S1002, S1007).
/// Alerts (close at Tuesday 06:00): curfew-missing/high ×3 — acknowledged after 4, 65 and 15 min (median 15, worst 65),
/// resolved after 40 (late-return) and 20 (found) min (median 30, worst 40), one reached level 1 (security), one level 2
/// (duty-leader), one still open; night-exit/high ×1 acknowledged after 360 min, resolved only after the close (open);
/// sos/critical ×1 acknowledged after 1 min, resolved after 30 (false-alarm); visitor-overstay/warning ×1 open; one
/// alert of Sunday (not counted).
/// Devices: c7-1-board (active 07:00-17:00) offline 06:00-07:30 and from 16:50 on: 30 + 10 = 40 min in active hours;
/// gate-n-reader offline since Sunday, online at 00:20: 20 min; dorm-a-reader offline 12:00-12:15: 15 min. Total 75.
/// Visits: one registered, in 09:05 and out 10:40; one walk-in in at 14:00; one still requested; one for Tuesday.
/// Vehicles: a staff car in and out, an unknown car in, an unsure read, a delivery on Sunday (not counted).
/// </remarks>
public static class ScriptedDay
{
    public static DateOnly Day => Monday;

    public static DateOnly Tuesday => Monday.AddDays(1);

    /// <summary>The close of Monday's report: Tuesday 06:00 (both dorms wake up at 06:00).</summary>
    public static DateTimeOffset CloseAt => Local(Tuesday, 6, 0);

    public static CampusManifest School { get; } = Manifest() with
    {
        Students =
        [
            .. Manifest().Students,
            new StudentInfo("S1006", "Zhou Lin", "7", "c7-2", false, null, []),
            new StudentInfo("S1007", "Sun Hao", "7", "c7-1", true, "dorm-b", []),
        ],
    };

    public static DateTimeOffset At(int hour, int minute) => Local(Monday, hour, minute);

    public static PresenceChanged Move(string student, string from, string to, DateTimeOffset at) => new(Id, student, from, to, at);

    public static IReadOnlyList<PresenceChanged> Moves { get; } =
    [
        Move("S1001", "dorm:dorm-a", "on-campus", At(6, 40)),
        Move("S1003", "dorm:dorm-a", "on-campus", At(6, 50)),
        Move("S1007", "dorm:dorm-b", "on-campus", At(7, 0)),
        Move("S1002", "off-campus", "on-campus", At(7, 40)),
        Move("S1001", "on-campus", "classroom:c7-1", At(8, 0)),
        Move("S1004", "off-campus", "on-campus", At(8, 20)),
        Move("S1002", "on-campus", "off-campus", At(15, 0)),
        Move("S1007", "on-campus", "off-campus", At(16, 0)),
        Move("S1001", "classroom:c7-1", "on-campus", At(17, 0)),
        Move("S1001", "on-campus", "dorm:dorm-a", At(21, 0)),
        Move("S1003", "on-campus", "dorm:dorm-a", At(22, 10)),
        Move("S1001", "dorm:dorm-a", "on-campus", At(23, 0)),
        Move("S1001", "on-campus", "dorm:dorm-a", At(23, 20)),
        // Tuesday morning after wake-up: not part of Monday's report.
        Move("S1003", "dorm:dorm-a", "on-campus", Local(Tuesday, 6, 30)),
    ];

    public static IReadOnlyList<LeaveApproval> Leaves { get; } =
    [
        new("L1", "S1006", At(7, 0), At(18, 0), "dentist", "teacher1"),
        new("L2", "S1007", At(16, 0), Local(Tuesday, 18, 0), "family", "supervisor1"),
    ];

    public static AlertChanged Alert(string id, AlertKind kind, Severity severity, DateTimeOffset raisedAt, ResolutionOutcome? outcome, params AlertStep[] steps) =>
        new(id, steps.Length + 1, kind, severity, outcome is null ? AlertStatus.Open : AlertStatus.Resolved, steps.Length == 0 ? 0 : steps.Max(s => s.Level),
            "responsible", Id, new AlertSubject("student", id, id), "dorm-a", null, raisedAt, steps.Length == 0 ? raisedAt : steps[^1].At, id, null, outcome,
            [new AlertStep(raisedAt, "raised", "system", 0, "dorm-supervisor", null), .. steps]);

    public static AlertStep Step(DateTimeOffset at, string action, int level = 0, string role = "dorm-supervisor") => new(at, action, "someone", level, role, null);

    public static IReadOnlyList<AlertChanged> Alerts { get; } =
    [
        Alert("curfew-1", AlertKind.CurfewMissing, Severity.High, At(21, 30), ResolutionOutcome.LateReturn,
            Step(At(21, 34), "acknowledged"), Step(At(22, 10), "resolved")),
        Alert("curfew-2", AlertKind.CurfewMissing, Severity.High, At(22, 0), null,
            Step(At(22, 5), "reminded"), Step(At(22, 10), "escalated", 1, "security"), Step(At(22, 30), "escalated", 2, "duty-leader"),
            Step(At(23, 5), "acknowledged", 2, "duty-leader")),
        Alert("curfew-3", AlertKind.CurfewMissing, Severity.High, At(21, 30), ResolutionOutcome.Found,
            Step(At(21, 40), "escalated", 1, "security"), Step(At(21, 45), "acknowledged", 1, "security"), Step(At(21, 50), "resolved", 1, "security")),
        Alert("night-exit-1", AlertKind.NightExit, Severity.High, At(23, 0), ResolutionOutcome.Other,
            Step(Local(Tuesday, 5, 0), "acknowledged"), Step(Local(Tuesday, 8, 0), "resolved")),
        Alert("sos-1", AlertKind.Sos, Severity.Critical, At(10, 0), ResolutionOutcome.FalseAlarm,
            Step(At(10, 1), "acknowledged", 0, "security"), Step(At(10, 30), "resolved", 0, "security")),
        Alert("overstay-1", AlertKind.VisitorOverstay, Severity.Warning, At(17, 30), null),
        Alert("sunday-1", AlertKind.Intruder, Severity.High, Local(Monday.AddDays(-1), 23, 50), null),
    ];

    public static DeviceHealthChanged Health(string device, bool online, DateTimeOffset at) => new(Id, device, "x", online, at, at);

    public static IReadOnlyList<DeviceHealthChanged> DeviceHealth { get; } =
    [
        Health("gate-n-reader", true, At(0, 20)),
        Health("c7-1-board", false, At(6, 0)),
        Health("c7-1-board", true, At(7, 30)),
        Health("dorm-a-reader", false, At(12, 0)),
        Health("dorm-a-reader", true, At(12, 15)),
        Health("c7-1-board", false, At(16, 50)),
    ];

    public static VisitChanged Visit(string code, VisitStatus status, DateTimeOffset arrival, DateTimeOffset? checkedIn, DateTimeOffset? checkedOut, bool walkIn = false) =>
        new(Id, code, 3, status, "Visitor " + code, "+86 139 0000 0000", "meeting", VisitHostKind.Class, "c7-1", "Class 7-1", arrival, arrival.AddHours(2), 0, null, null,
            walkIn, "security", null, checkedIn, checkedOut, "gate-n", null, null, checkedOut ?? checkedIn ?? arrival);

    public static IReadOnlyList<VisitChanged> Visits { get; } =
    [
        Visit("AAAAAAAA", VisitStatus.Left, At(9, 0), At(9, 5), At(10, 40)),
        Visit("BBBBBBBB", VisitStatus.OnCampus, At(14, 0), At(14, 0), null, walkIn: true),
        Visit("CCCCCCCC", VisitStatus.Requested, At(15, 0), null, null),
        Visit("DDDDDDDD", VisitStatus.Expected, Local(Tuesday, 9, 0), null, null),
    ];

    public static VehiclePassed Vehicle(string plate, VehicleCategory category, Direction direction, DateTimeOffset at, bool unsure = false) =>
        new(Id, plate + at.Ticks, "lpr", "gate-s", plate, direction, unsure ? 0.5 : 0.95, unsure, category, null, null, 0, at);

    public static IReadOnlyList<VehiclePassed> Vehicles { get; } =
    [
        Vehicle("沪A12345", VehicleCategory.Staff, Direction.In, At(7, 10)),
        Vehicle("京B66666", VehicleCategory.Unknown, Direction.In, At(12, 0)),
        Vehicle("京B66666", VehicleCategory.Unknown, Direction.Out, At(12, 1), unsure: true),
        Vehicle("沪A12345", VehicleCategory.Staff, Direction.Out, At(17, 30)),
        Vehicle("苏C00001", VehicleCategory.Delivery, Direction.In, Local(Monday.AddDays(-1), 23, 0)),
    ];

    /// <summary>The read model's answer for Monday as of <paramref name="asOf"/> (default: the close), with <paramref name="more"/> moves.</summary>
    public static ReportInputs Inputs(DateTimeOffset? asOf = null, params PresenceChanged[] more) => new(
        asOf ?? CloseAt,
        [.. Moves, .. more],
        new Dictionary<string, string> { ["S1001"] = "dorm:dorm-a", ["S1003"] = "dorm:dorm-a", ["S1007"] = "dorm:dorm-b" },
        Leaves,
        Alerts,
        DeviceHealth,
        new Dictionary<string, bool> { ["gate-n-reader"] = false, ["c7-1-board"] = true },
        Visits,
        Vehicles);

    /// <summary>Monday's report as of its close.</summary>
    public static DailyReportData Report(params PresenceChanged[] more) => DailyReport.Compute(School, Day, Inputs(null, more));
}
