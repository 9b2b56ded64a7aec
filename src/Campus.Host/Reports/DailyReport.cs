using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Host.Hubs;

namespace Campus.Host.Reports;

/// <summary>
/// Computes the daily report of a campus from what the read model holds (<see cref="ReportInputs"/>):
/// a pure function of the campus's reference data, the day and the inputs, with no database and no
/// clock, so the same inputs always give the same report and every figure can be checked against a
/// scripted day. What counts is what happened up to <see cref="ReportInputs.AsOf"/>: an alert's
/// history after it, a move after it, is left out, so a closed day computed again later differs only
/// where events of the day arrived after it closed.
/// </summary>
public static class DailyReport
{
    /// <summary>The report of <paramref name="day"/>, not closed (the closer marks it closed when it stores it).</summary>
    public static DailyReportData Compute(CampusManifest campus, DateOnly day, ReportInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(campus);
        ArgumentNullException.ThrowIfNull(inputs);
        var window = ReportWindow.Of(campus, day, TimeOnly.MinValue);
        var facts = new Day(campus, window, inputs);
        var attendance = Attendance(facts);
        var night = Night(facts);
        var alerts = Alerts(facts);
        var devices = Devices(facts);
        var visitors = Visitors(facts);
        var vehicles = Vehicles(facts);
        var checkedDorms = night.Dorms.Where(d => d.Checked).ToList();
        var headline = new Headline(
            facts.SchoolDay,
            attendance.Grades.Sum(r => r.Expected),
            attendance.Grades.Sum(r => r.Arrived),
            attendance.Grades.Sum(r => r.Late),
            attendance.Grades.Sum(r => r.AbsentWithLeave + r.AbsentWithoutLeave),
            attendance.Grades.Sum(r => r.AbsentWithoutLeave),
            attendance.Grades.Sum(r => r.LeftEarly),
            checkedDorms.Count > 0,
            checkedDorms.Sum(d => d.Expected),
            checkedDorms.Sum(d => d.InByCurfew),
            checkedDorms.Sum(d => d.StillMissing),
            alerts.Raised,
            alerts.OpenAtClose,
            alerts.Kinds.Where(k => k.Severity == WireName.Of(Severity.Critical)).Sum(k => k.Raised),
            devices.Devices.Sum(d => d.OfflineMinutes));
        return new DailyReportData(campus.CampusId, campus.Name, campus.TimeZone, day, facts.SchoolDay, inputs.AsOf, false, null,
            headline, attendance, night, alerts, devices, visitors, vehicles, []);
    }

    /// <summary>The inputs of one day, indexed for the sections.</summary>
    private sealed class Day
    {
        public Day(CampusManifest campus, ReportWindow window, ReportInputs inputs)
        {
            Campus = campus;
            Rules = campus.Rules;
            Window = window;
            AsOf = inputs.AsOf;
            Inputs = inputs;
            SchoolDay = Rules.Calendar.IsSchoolDay(window.Date);
            Moves = inputs.Presence
                .Where(p => p.At >= window.Start && p.At < window.NightEnd && p.At <= AsOf)
                .GroupBy(p => p.PersonId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(p => p.At).ToList(), StringComparer.Ordinal);
            Leaves = inputs.Leaves.GroupBy(l => l.StudentId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            Alerts = [.. inputs.Alerts.Where(a => a.RaisedAt >= window.Start && a.RaisedAt < window.End && a.RaisedAt <= AsOf)];
        }

        public CampusManifest Campus { get; }

        public CampusRules Rules { get; }

        public ReportWindow Window { get; }

        public DateTimeOffset AsOf { get; }

        public ReportInputs Inputs { get; }

        public bool SchoolDay { get; }

        /// <summary>Each student's moves from the day's start to the end of its night (up to AsOf), in time order.</summary>
        public Dictionary<string, List<PresenceChanged>> Moves { get; }

        public Dictionary<string, List<LeaveApproval>> Leaves { get; }

        /// <summary>The alerts raised during the day (up to AsOf).</summary>
        public List<AlertChanged> Alerts { get; }

        public IReadOnlyList<PresenceChanged> MovesOf(string studentId) => Moves.GetValueOrDefault(studentId) ?? [];

        public bool OnLeave(string studentId, DateTimeOffset at) => Leaves.GetValueOrDefault(studentId)?.Any(l => l.Covers(at)) == true;

        public bool OnLeaveDuring(string studentId, DateTimeOffset from, DateTimeOffset to) =>
            Leaves.GetValueOrDefault(studentId)?.Any(l => l.From < to && l.To > from) == true;

        /// <summary>
        /// Where a student was when the day began: a boarder where their last move before it took
        /// them; a day student off campus (each day starts off campus for them, as the student rules say).
        /// </summary>
        public string StartLocation(StudentInfo student) =>
            student.Boarding ? Inputs.StartLocations.GetValueOrDefault(student.Id) ?? StudentLocations.OffCampus : StudentLocations.OffCampus;

        /// <summary>Where a student was at <paramref name="at"/>: after their last move up to then, else where the day began.</summary>
        public string LocationAt(StudentInfo student, DateTimeOffset at)
        {
            var location = StartLocation(student);
            foreach (var move in MovesOf(student.Id))
            {
                if (move.At > at) break;
                location = move.ToLocation;
            }
            return location;
        }
    }

    private static AttendanceSection Attendance(Day day)
    {
        var rules = day.Rules;
        var date = day.Window.Date;
        var deadline = rules.At(date, rules.ArrivalDeadline);
        var schoolStart = rules.At(date, rules.SchoolStart);
        var dismissal = rules.At(date, rules.Dismissal);
        var exceptions = new List<StudentException>();
        var rows = new Dictionary<string, Counts>(StringComparer.Ordinal);
        foreach (var student in day.Campus.Students)
        {
            var counts = rows.TryGetValue(student.ClassId, out var existing) ? existing : rows[student.ClassId] = new Counts();
            var presentAtStart = day.StartLocation(student) != StudentLocations.OffCampus;
            var moves = day.MovesOf(student.Id).Where(m => m.At < day.Window.End).ToList();
            var firstArrival = moves.FirstOrDefault(m => m.ToLocation != StudentLocations.OffCampus)?.At;
            var arrived = presentAtStart || firstArrival is not null;
            if (arrived) counts.Arrived++;
            if (!day.SchoolDay) continue;
            counts.Expected++;
            if (!arrived)
            {
                var withLeave = day.OnLeaveDuring(student.Id, schoolStart, dismissal);
                if (withLeave) counts.AbsentWithLeave++;
                else counts.AbsentWithoutLeave++;
                exceptions.Add(Exception(student, withLeave ? "absent-with-leave" : "absent", null));
                continue;
            }
            if (!presentAtStart && firstArrival > deadline && !day.OnLeave(student.Id, deadline))
            {
                counts.Late++;
                exceptions.Add(Exception(student, "late", firstArrival));
            }
            if (!student.Boarding && moves is [.., var last] && last.ToLocation == StudentLocations.OffCampus && last.At < dismissal && !day.OnLeave(student.Id, last.At))
            {
                counts.LeftEarly++;
                exceptions.Add(Exception(student, "left-early", last.At));
            }
        }

        var classes = new List<AttendanceRow>();
        var grades = new List<string>();
        foreach (var (classId, grade, name) in day.Campus.Classrooms.Select(c => (c.Id, c.Grade, (string?)c.Name))
            .Concat(day.Campus.Students.Where(s => !day.Campus.Classrooms.Any(c => c.Id == s.ClassId)).Select(s => (s.ClassId, s.Grade, (string?)null)))
            .DistinctBy(c => c.Item1, StringComparer.Ordinal))
        {
            var counts = rows.GetValueOrDefault(classId) ?? new Counts();
            classes.Add(counts.Row(grade, classId, name));
            if (!grades.Contains(grade, StringComparer.Ordinal)) grades.Add(grade);
        }
        var gradeRows = grades.Select(g =>
        {
            var inGrade = classes.Where(c => c.Grade == g).ToList();
            return new AttendanceRow(g, null, null, inGrade.Sum(c => c.Expected), inGrade.Sum(c => c.Arrived), inGrade.Sum(c => c.Late),
                inGrade.Sum(c => c.AbsentWithLeave), inGrade.Sum(c => c.AbsentWithoutLeave), inGrade.Sum(c => c.LeftEarly));
        }).ToList();
        return new AttendanceSection(classes, gradeRows, exceptions);
    }

    private static StudentException Exception(StudentInfo student, string what, DateTimeOffset? at) =>
        new(student.Id, student.Name, student.ClassId, student.DormId, what, at);

    private sealed class Counts
    {
        public int Expected;
        public int Arrived;
        public int Late;
        public int AbsentWithLeave;
        public int AbsentWithoutLeave;
        public int LeftEarly;

        public AttendanceRow Row(string grade, string classId, string? name) =>
            new(grade, classId, name, Expected, Arrived, Late, AbsentWithLeave, AbsentWithoutLeave, LeftEarly);
    }

    private static NightSection Night(Day day)
    {
        var date = day.Window.Date;
        var isChecked = CurfewNights.HasCurfewCheck(day.Rules, date);
        var rows = new List<NightRow>();
        var exceptions = new List<StudentException>();
        var byId = day.Campus.Students.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var dorm in day.Campus.Dorms)
        {
            var (curfew, wakeUp) = ReportWindow.Night(day.Rules, dorm, date);
            var boarders = day.Campus.Students.Where(s => s.Boarding && s.DormId == dorm.Id).ToList();
            if (!isChecked)
            {
                rows.Add(new NightRow(dorm.Id, dorm.Name, false, curfew, wakeUp, boarders.Count, 0, 0, 0, 0, 0, 0));
                continue;
            }
            var here = StudentLocations.InDorm(dorm.Id);
            int onLeave = 0, expected = 0, inByCurfew = 0, lateReturns = 0, stillMissing = 0;
            foreach (var student in boarders)
            {
                if (day.OnLeave(student.Id, curfew))
                {
                    onLeave++;
                    continue;
                }
                expected++;
                // A preview counts only what has happened: curfew figures once curfew has passed, the end of the night once wake-up has.
                if (day.AsOf < curfew) continue;
                if (day.LocationAt(student, curfew) == here) inByCurfew++;
                else if (day.MovesOf(student.Id).FirstOrDefault(m => m.ToLocation == here && m.At > curfew && m.At < wakeUp) is { } back)
                {
                    lateReturns++;
                    exceptions.Add(Exception(student, "late-return", back.At));
                }
                if (day.AsOf >= wakeUp && day.LocationAt(student, wakeUp) != here && !day.OnLeave(student.Id, wakeUp))
                {
                    stillMissing++;
                    exceptions.Add(Exception(student, "missing", null));
                }
            }
            // Night exits: anyone who left this dorm in the night without leave (the night-exit rule), once each.
            var exits = day.Moves
                .SelectMany(m => m.Value.Where(p => p.FromLocation == here && p.At >= curfew && p.At < wakeUp && !day.OnLeave(p.PersonId, p.At)).Take(1))
                .OrderBy(p => p.At).ThenBy(p => p.PersonId, StringComparer.Ordinal)
                .ToList();
            foreach (var exit in exits)
            {
                var student = byId.GetValueOrDefault(exit.PersonId);
                exceptions.Add(student is not null ? Exception(student, "night-exit", exit.At) with { DormId = dorm.Id }
                    : new StudentException(exit.PersonId, exit.PersonId, "", dorm.Id, "night-exit", exit.At));
            }
            rows.Add(new NightRow(dorm.Id, dorm.Name, true, curfew, wakeUp, boarders.Count, onLeave, expected, inByCurfew, lateReturns, stillMissing, exits.Count));
        }
        return new NightSection(date, rows, exceptions);
    }

    private static AlertsSection Alerts(Day day)
    {
        var rows = new List<AlertRow>();
        var open = 0;
        foreach (var group in day.Alerts.GroupBy(a => (a.Kind, a.Severity)).OrderByDescending(g => g.Key.Severity).ThenBy(g => Incidents.KindName(g.Key.Kind), StringComparer.Ordinal))
        {
            var ack = new List<double>();
            var resolve = new List<double>();
            var levels = new SortedDictionary<int, (string Role, int Count)>();
            var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var groupOpen = 0;
            foreach (var alert in group)
            {
                var steps = alert.History.Where(h => h.At <= day.AsOf).ToList();
                if (steps.FirstOrDefault(h => h.Action == "acknowledged") is { } acknowledged) ack.Add(Minutes(acknowledged.At - alert.RaisedAt));
                if (steps.FirstOrDefault(h => h.Action == "resolved") is { } resolved)
                {
                    resolve.Add(Minutes(resolved.At - alert.RaisedAt));
                    var outcome = alert.Outcome is { } o ? WireName.Of(o) : WireName.Of(ResolutionOutcome.Other);
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                }
                else groupOpen++;
                if (steps.Count > 0 && steps.Max(h => h.Level) is var level and > 0)
                {
                    levels[level] = levels.TryGetValue(level, out var seen) ? (seen.Role, seen.Count + 1) : (steps.First(h => h.Level == level).Role, 1);
                }
            }
            open += groupOpen;
            rows.Add(new AlertRow(Incidents.KindName(group.Key.Kind), WireName.Of(group.Key.Severity), group.Count(),
                ack.Count, Median(ack), Worst(ack), resolve.Count, Median(resolve), Worst(resolve),
                [.. levels.Select(l => new LevelCount(l.Key, l.Value.Role, l.Value.Count))], groupOpen,
                [.. outcomes.Select(o => new OutcomeCount(o.Key, o.Value))]));
        }
        return new AlertsSection(rows, day.Alerts.Count, open);
    }

    private static double Minutes(TimeSpan span) => Math.Round(span.TotalMinutes, 1, MidpointRounding.AwayFromZero);

    /// <summary>The median (the mean of the two middle values for an even count), or null for none.</summary>
    private static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : Math.Round((sorted[middle - 1] + sorted[middle]) / 2, 1, MidpointRounding.AwayFromZero);
    }

    private static double? Worst(List<double> values) => values.Count == 0 ? null : values.Max();

    private static DevicesSection Devices(Day day)
    {
        var window = day.Window;
        var until = day.AsOf < window.End ? day.AsOf : window.End;
        var rows = new List<DeviceRow>();
        foreach (var device in day.Campus.Devices)
        {
            var online = day.Inputs.DeviceOnlineAtStart.GetValueOrDefault(device.Id, true);
            DateTimeOffset? offlineSince = online ? null : window.Start;
            var offline = new List<(DateTimeOffset From, DateTimeOffset To)>();
            var wentOffline = 0;
            foreach (var change in day.Inputs.DeviceHealth.Where(d => d.DeviceId == device.Id && d.At >= window.Start && d.At < until).OrderBy(d => d.At))
            {
                if (!change.Online && offlineSince is null)
                {
                    offlineSince = change.At;
                    wentOffline++;
                }
                else if (change.Online && offlineSince is { } since)
                {
                    offline.Add((since, change.At));
                    offlineSince = null;
                }
            }
            if (offlineSince is { } stillOffline && stillOffline < until) offline.Add((stillOffline, until));
            var active = ActiveIntervals(day.Rules, window, device);
            var total = TimeSpan.Zero;
            foreach (var (from, to) in offline)
            {
                foreach (var (activeFrom, activeTo) in active)
                {
                    var start = from > activeFrom ? from : activeFrom;
                    var end = to < activeTo ? to : activeTo;
                    if (end > start) total += end - start;
                }
            }
            rows.Add(new DeviceRow(device.Id, WireName.Of(device.Kind), device.LocationId, device.ActiveFrom, device.ActiveTo,
                (int)Math.Round(total.TotalMinutes, MidpointRounding.AwayFromZero), wentOffline));
        }
        var moves = day.Moves.Values.SelectMany(m => m).Where(m => m.At < window.End).ToList();
        var passagesIn = moves.Count(m => (m.FromLocation is null || m.FromLocation == StudentLocations.OffCampus) && m.ToLocation != StudentLocations.OffCampus);
        var passagesOut = moves.Count(m => m.FromLocation is not null && m.FromLocation != StudentLocations.OffCampus && m.ToLocation == StudentLocations.OffCampus);
        return new DevicesSection(rows, passagesIn, passagesOut);
    }

    /// <summary>
    /// A device's active hours on the day as instants, as <see cref="LocalHours.Contains"/> reads
    /// them: [from, to), open ends at the day's bounds, equal or absent ends the whole day, from after
    /// to crossing midnight (the day's early morning and its evening).
    /// </summary>
    private static List<(DateTimeOffset From, DateTimeOffset To)> ActiveIntervals(CampusRules rules, ReportWindow window, DeviceInfo device)
    {
        var date = window.Date;
        var (from, to) = (device.ActiveFrom, device.ActiveTo);
        if ((from is null && to is null) || from == to) return [(window.Start, window.End)];
        if (to is null) return [(rules.At(date, from!.Value), window.End)];
        if (from is null) return [(window.Start, rules.At(date, to.Value))];
        return from < to
            ? [(rules.At(date, from.Value), rules.At(date, to.Value))]
            : [(window.Start, rules.At(date, to.Value)), (rules.At(date, from.Value), window.End)];
    }

    private static readonly AlertKind[] OverstayKinds = [AlertKind.VisitorOverstay, AlertKind.VisitorAfterHours, AlertKind.VisitorNotCheckedOut];

    private static VisitorsSection Visitors(Day day)
    {
        var window = day.Window;
        bool InDay(DateTimeOffset? at) => at is { } t && t >= window.Start && t < window.End && t <= day.AsOf;
        var visits = day.Inputs.Visits.DistinctBy(v => v.Code, StringComparer.Ordinal).ToList();
        var registered = visits.Count(v => v.ExpectedArrival >= window.Start && v.ExpectedArrival < window.End
            && v.Status is not (VisitStatus.Requested or VisitStatus.Declined));
        var checkedIn = visits.Where(v => InDay(v.CheckedInAt)).ToList();
        return new VisitorsSection(registered, checkedIn.Count, checkedIn.Count(v => v.WalkIn), visits.Count(v => InDay(v.CheckedOutAt)),
            day.Alerts.Count(a => OverstayKinds.Contains(a.Kind)));
    }

    private static VehiclesSection Vehicles(Day day)
    {
        var window = day.Window;
        var log = day.Inputs.Vehicles.Where(v => v.At >= window.Start && v.At < window.End && v.At <= day.AsOf).ToList();
        var rows = log.GroupBy(v => v.Category).OrderBy(g => g.Key)
            .Select(g => new VehicleRow(WireName.Of(g.Key),
                g.Count(v => !v.LowConfidence && v.Direction == Direction.In),
                g.Count(v => !v.LowConfidence && v.Direction == Direction.Out),
                g.Count(v => v.LowConfidence)))
            .ToList();
        return new VehiclesSection(rows,
            log.Count(v => !v.LowConfidence && v.Direction == Direction.In && v.Category == VehicleCategory.Unknown),
            log.Count(v => v.LowConfidence));
    }
}
