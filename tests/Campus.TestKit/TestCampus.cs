using Campus.Actors.Reference;

namespace Campus.TestKit;

/// <summary>
/// A small campus for domain tests, campus id <c>test</c>, in Asia/Shanghai (UTC+8, no daylight
/// saving). Term 2026-09-01 to 2027-01-22; Monday 2026-11-23 is an ordinary school day; Friday
/// 2026-11-27 is a holiday and Saturday 2026-11-28 a make-up school day.
/// </summary>
/// <remarks>
/// Students: S1001 boarding (dorm-a, class c7-1, every notice); S1002 day (c7-1, arrival and
/// departure notices); S1003 boarding (dorm-a, c7-2, dorm check-in notices only); S1004 boarding
/// (dorm-b, c7-2); S1005 day (c7-2, no notices). Dorm-a: curfew 21:30, wake-up 06:00; dorm-b:
/// curfew 22:00, wake-up 06:00. Zones: pond and rooftop (hazard), lab (restricted, open
/// 08:00-17:00), playground (normal).
/// </remarks>
public static class TestCampus
{
    public const string Id = "test";

    public static DateOnly Monday { get; } = new(2026, 11, 23);

    public static DateOnly Holiday { get; } = new(2026, 11, 27);

    public static DateOnly MakeUpDay { get; } = new(2026, 11, 28);

    /// <summary>An instant in campus-local time (UTC+8).</summary>
    public static DateTimeOffset Local(DateOnly date, int hour, int minute, int second = 0) =>
        new(date.Year, date.Month, date.Day, hour, minute, second, TimeSpan.FromHours(8));

    /// <summary>The campus rules, optionally in another time zone (for daylight saving tests).</summary>
    public static CampusRules Rules(string timeZone = "Asia/Shanghai") => new()
    {
        CampusId = Id,
        TimeZone = timeZone,
        Calendar = new SchoolCalendar
        {
            TermStart = new DateOnly(2026, 9, 1),
            TermEnd = new DateOnly(2027, 1, 22),
            Holidays = [Holiday],
            MakeUpDays = [MakeUpDay],
        },
        Periods =
        [
            new(1, new(8, 0), new(8, 45)),
            new(2, new(8, 55), new(9, 40)),
            new(3, new(10, 0), new(10, 45)),
            new(4, new(10, 55), new(11, 40)),
            new(5, new(14, 0), new(14, 45)),
            new(6, new(14, 55), new(15, 40)),
        ],
    };

    public static DormInfo DormA { get; } = new("dorm-a", "Plum House", new(21, 30), new(6, 0), new(21, 40));

    public static DormInfo DormB { get; } = new("dorm-b", "Bamboo House", new(22, 0), new(6, 0), new(22, 10));

    public static StudentInfo BoardingStudent { get; } = new("S1001", "Li Wei", "7", "c7-1", true, "dorm-a",
        [new GuardianInfo("G1001", "Li Na", "+86 138 0000 1001")]);

    public static StudentInfo DayStudent { get; } = new("S1002", "Wang Fang", "7", "c7-1", false, null,
        [new GuardianInfo("G1002", "Wang Lei", "+86 138 0000 1002", NoticePreferences.Arrival | NoticePreferences.Departure)]);

    /// <summary>The whole test campus.</summary>
    public static CampusManifest Manifest(string timeZone = "Asia/Shanghai") => new()
    {
        CampusId = Id,
        Name = "Test Middle School",
        TimeZone = timeZone,
        Rules = Rules(timeZone),
        Gates = [new("gate-n", "North Gate"), new("gate-s", "South Gate")],
        Dorms = [DormA, DormB],
        Classrooms = [new("c7-1", "Grade 7 Class 1", "7"), new("c7-2", "Grade 7 Class 2", "7")],
        Zones =
        [
            new("pond", "Lotus Pond", ZoneKind.Hazard),
            new("rooftop", "Science Block Rooftop", ZoneKind.Hazard),
            new("lab", "Chemistry Lab", ZoneKind.Restricted, new(8, 0), new(17, 0)),
            new("playground", "Playground", ZoneKind.Normal),
        ],
        Devices =
        [
            new("gate-n-reader", DeviceKind.GateReader, "gate-n", TimeSpan.FromMinutes(1)),
            new("gate-s-reader", DeviceKind.GateReader, "gate-s", TimeSpan.FromMinutes(1)),
            new("dorm-a-reader", DeviceKind.DormReader, "dorm-a", TimeSpan.FromMinutes(1)),
            new("dorm-b-reader", DeviceKind.DormReader, "dorm-b", TimeSpan.FromMinutes(1)),
            new("c7-1-board", DeviceKind.ClassBoard, "c7-1", TimeSpan.FromMinutes(5), new(7, 0), new(17, 0)),
            new("c7-2-board", DeviceKind.ClassBoard, "c7-2", TimeSpan.FromMinutes(5), new(7, 0), new(17, 0)),
            new("cam-pond", DeviceKind.Camera, "pond", TimeSpan.FromMinutes(1)),
            new("cam-rooftop", DeviceKind.Camera, "rooftop", TimeSpan.FromMinutes(1)),
            new("cam-lab", DeviceKind.Camera, "lab", TimeSpan.FromMinutes(1)),
            new("cam-playground", DeviceKind.Camera, "playground", TimeSpan.FromMinutes(1)),
            new("panic-gate-n", DeviceKind.PanicButton, "gate-n", TimeSpan.FromHours(1)),
        ],
        Students =
        [
            BoardingStudent,
            DayStudent,
            new("S1003", "Zhang Min", "7", "c7-2", true, "dorm-a",
                [new GuardianInfo("G1003", "Zhang Hua", "+86 138 0000 1003", NoticePreferences.DormCheckIn)]),
            new("S1004", "Chen Jie", "7", "c7-2", true, "dorm-b",
                [new GuardianInfo("G1004", "Chen Gang", "+86 138 0000 1004")]),
            new("S1005", "Liu Yang", "7", "c7-2", false, null,
                [new GuardianInfo("G1005", "Liu Qiang", "+86 138 0000 1005", NoticePreferences.None)]),
        ],
    };
}
