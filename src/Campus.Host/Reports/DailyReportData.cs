using System.Text.Json.Serialization;

namespace Campus.Host.Reports;

/// <summary>
/// The daily report of one campus for one local school day (docs/api.md, "Daily reports"): the
/// day's attendance per class, the night that starts on its evening per dorm, its alerts, devices,
/// visitors and vehicles, the headline figures a county report takes one row of, and the corrections
/// to the day before (figures that changed after that report was closed). A section a reader may not
/// see is null (left out of the JSON).
/// </summary>
/// <param name="Date">The local school day.</param>
/// <param name="SchoolDay">Whether <paramref name="Date"/> is a school day (else nobody is expected).</param>
/// <param name="AsOf">The instant the figures describe: the close time for a closed report, the time of the request (at most the close time) for a preview.</param>
/// <param name="Closed">True once the report is closed and stored; it never changes afterwards.</param>
/// <param name="ClosedAt">When it closed (the configured close time of the day, or the last dorm's wake-up when later).</param>
/// <param name="Corrections">Figures of the report of the day before that changed after it closed (late events).</param>
public sealed record DailyReportData(
    string CampusId,
    string CampusName,
    string TimeZone,
    DateOnly Date,
    bool SchoolDay,
    DateTimeOffset AsOf,
    bool Closed,
    DateTimeOffset? ClosedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Headline? Headline,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AttendanceSection? Attendance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NightSection? Night,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AlertsSection? Alerts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DevicesSection? Devices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VisitorsSection? Visitors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VehiclesSection? Vehicles,
    IReadOnlyList<Correction> Corrections);

/// <summary>
/// The figures of a day a county report takes as one row per campus: the day (expected, arrived,
/// late, absent, left early), the night (boarders expected, in by curfew, still missing at wake-up;
/// zero on a night that is not checked), alerts (raised, open at close, critical) and devices
/// (minutes offline during active hours).
/// </summary>
public sealed record Headline(
    bool SchoolDay,
    int Expected,
    int Arrived,
    int Late,
    int Absent,
    int AbsentWithoutLeave,
    int LeftEarly,
    bool NightChecked,
    int BoardersExpected,
    int InByCurfew,
    int StillMissing,
    int AlertsRaised,
    int AlertsOpen,
    int Critical,
    int DeviceOfflineMinutes);

/// <summary>Attendance of the day: one row per class, one per grade (the sum of its classes), and the students behind the exceptions.</summary>
public sealed record AttendanceSection(IReadOnlyList<AttendanceRow> Classes, IReadOnlyList<AttendanceRow> Grades, IReadOnlyList<StudentException> Students);

/// <summary>
/// One class (or, with <paramref name="ClassId"/> null, one grade): students expected (the roster on a
/// school day), arrived (seen on campus that day, or a boarder on campus when the day began), late
/// (first arrival after the arrival deadline, without leave at the deadline), absent with and without
/// approved leave, and left early (a day student whose last move of the day was out through a gate
/// before dismissal, without leave).
/// </summary>
public sealed record AttendanceRow(string Grade, string? ClassId, string? ClassName, int Expected, int Arrived, int Late, int AbsentWithLeave, int AbsentWithoutLeave, int LeftEarly);

/// <summary>
/// A student behind a figure: <paramref name="What"/> is <c>late</c>, <c>absent-with-leave</c>,
/// <c>absent</c>, <c>left-early</c> (attendance) or <c>late-return</c>, <c>missing</c>,
/// <c>night-exit</c> (night); <paramref name="At"/> the time of the move, when there is one.
/// </summary>
public sealed record StudentException(string StudentId, string Name, string ClassId, string? DormId, string What, DateTimeOffset? At);

/// <summary>The night that starts on the evening of the report's day (named by that date, as the curfew rule names it).</summary>
public sealed record NightSection(DateOnly Night, IReadOnlyList<NightRow> Dorms, IReadOnlyList<StudentException> Students);

/// <summary>
/// One dorm's night. <paramref name="Checked"/> is false on a night before a day without school
/// (then every figure is 0: "not checked"). Expected: the dorm's boarders not on leave at curfew; in
/// by curfew: in the dorm at curfew; late returns: expected, not in at curfew, entered the dorm
/// before wake-up; still missing: expected, not in the dorm at wake-up and not on leave then; night
/// exits: students who left the dorm between curfew and wake-up without leave.
/// </summary>
public sealed record NightRow(string DormId, string DormName, bool Checked, DateTimeOffset CurfewAt, DateTimeOffset WakeUpAt,
    int Boarders, int OnLeave, int Expected, int InByCurfew, int LateReturns, int StillMissing, int NightExits);

/// <summary>Alerts raised during the day, per kind and severity.</summary>
public sealed record AlertsSection(IReadOnlyList<AlertRow> Kinds, int Raised, int OpenAtClose);

/// <summary>
/// The alerts of one kind and severity raised during the day, as they stood at the report's
/// <see cref="DailyReportData.AsOf"/>: how many were acknowledged and how long it took (median and
/// worst, in minutes, over those acknowledged), the same for resolving, how many reached each
/// escalation level (by the highest level reached), how many were still open, and how they ended.
/// </summary>
public sealed record AlertRow(string Kind, string Severity, int Raised,
    int Acknowledged, double? AckMedianMinutes, double? AckWorstMinutes,
    int Resolved, double? ResolveMedianMinutes, double? ResolveWorstMinutes,
    IReadOnlyList<LevelCount> EscalatedTo, int OpenAtClose, IReadOnlyList<OutcomeCount> Outcomes);

/// <summary>How many alerts reached escalation level <paramref name="Level"/> (1 = the first step above the responsible role) as their highest, and that level's role.</summary>
public sealed record LevelCount(int Level, string Role, int Count);

/// <summary>How many alerts were resolved with an outcome (<c>found</c>, <c>late-return</c>, <c>condition-cleared</c>, ...).</summary>
public sealed record OutcomeCount(string Outcome, int Count);

/// <summary>Devices over the day and the campus's gate passages (moves from and to off campus).</summary>
public sealed record DevicesSection(IReadOnlyList<DeviceRow> Devices, int PassagesIn, int PassagesOut);

/// <summary>One device: whole minutes offline within its active hours of the day, and how many times it went offline.</summary>
public sealed record DeviceRow(string DeviceId, string Kind, string LocationId, TimeOnly? ActiveFrom, TimeOnly? ActiveTo, int OfflineMinutes, int WentOffline);

/// <summary>
/// Visits of the day: registered (approved visits expected to arrive that day, walk-ins included),
/// checked in, walk-ins, checked out, and overstays (visitor-overstay, visitor-after-hours and
/// visitor-not-checked-out alerts raised that day).
/// </summary>
public sealed record VisitorsSection(int Registered, int CheckedIn, int WalkIns, int CheckedOut, int Overstays);

/// <summary>The vehicle log of the day: confident reads in and out per category, unknown vehicles in, and unsure reads.</summary>
public sealed record VehiclesSection(IReadOnlyList<VehicleRow> Categories, int UnknownIn, int LowConfidence);

/// <summary>One category of vehicle (<c>staff</c>, <c>service</c>, <c>delivery</c>, <c>visitor</c>, <c>unknown</c>, <c>watched</c>).</summary>
public sealed record VehicleRow(string Category, int In, int Out, int LowConfidence);

/// <summary>
/// A figure of a closed report (of <paramref name="Date"/>) that is different when the day is
/// computed again: an event of that day arrived after it closed. <paramref name="Key"/> names the
/// row (a class, grade, dorm, alert kind and severity, device, vehicle category) within <paramref name="Section"/>.
/// </summary>
public sealed record Correction(DateOnly Date, string Section, string Key, string Figure, string? Was, string? Now);
