using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Reference;
using Campus.Actors.Students;

namespace Campus.County.Replay;

/// <summary>An alert the model's events must raise, and whether a later event must have resolved it by the end.</summary>
public sealed record ExpectedAlert(string CampusId, string AlertId, AlertKind Kind, bool Resolved);

/// <summary>
/// What one campus's replayed events must raise, derived from the events themselves by the domain's
/// rules (docs/domain.md, the behaviours in <c>src/Campus.Actors</c>), not by running them: who passed
/// which gate, who was where at each curfew, period check and arrival deadline, who went unseen for
/// four hours, which device fell silent. It also names the timer instants the replay must stop the
/// clock at before it sends later events, because the outcome depends on that order (a curfew check
/// before a late return, an unseen check before the sighting that clears it).
/// </summary>
/// <remarks>
/// The replay's order is modelled exactly: an event is applied before every timer due after it and
/// after every timer due at or before the slice it is sent in; the instants listed in
/// <see cref="TimerInstants"/> are slice boundaries, so for them "before" means strictly earlier.
/// Escalations and reminders are not modelled: they change an alert's level, never whether it exists
/// or is resolved. No leave is modelled: the generated manifests have none.
/// </remarks>
public sealed class ExpectedAlerts
{
    private readonly CampusManifest _campus;
    private readonly CampusRules _rules;
    private readonly DateTimeOffset _start;
    private readonly DateTimeOffset _end;
    private readonly Dictionary<string, StudentInfo> _students;
    private readonly Dictionary<string, DeviceInfo> _devices;
    private readonly Dictionary<string, DormInfo> _dorms;
    private readonly Dictionary<string, ZoneInfo> _zones;
    private readonly Dictionary<string, List<Sighting>> _sightings = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ClassId, DateOnly Date, int Period, string Student), DateTimeOffset> _checkIns = [];
    private readonly Dictionary<string, List<DateTimeOffset>> _heard = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExpectedAlert> _alerts = new(StringComparer.Ordinal);
    private readonly SortedSet<DateTimeOffset> _timers = [];

    private ExpectedAlerts(CampusManifest campus, DateTimeOffset start, DateTimeOffset end)
    {
        _campus = campus;
        _rules = campus.Rules;
        _start = start;
        _end = end;
        _students = campus.Students.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _devices = campus.Devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _dorms = campus.Dorms.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _zones = campus.Zones.ToDictionary(z => z.Id, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<ExpectedAlert> Alerts => _alerts.Values;

    /// <summary>Timer instants whose order against the events decides an alert: the replay moves the clock to each before sending later events.</summary>
    public IReadOnlyCollection<DateTimeOffset> TimerInstants => _timers;

    /// <summary>
    /// The alerts of <paramref name="events"/> (in time order, all within [<paramref name="start"/>,
    /// <paramref name="end"/>)) on a campus configured at <paramref name="start"/>, with the clock
    /// moved to <paramref name="end"/> at last.
    /// </summary>
    public static ExpectedAlerts Derive(CampusManifest campus, IReadOnlyList<DeviceReported> events, DateTimeOffset start, DateTimeOffset end)
    {
        var expected = new ExpectedAlerts(campus, start, end);
        foreach (var e in events) expected.Apply(e);
        expected.Curfews();
        expected.ArrivalDeadlines();
        expected.PeriodChecks();
        expected.UnseenBoarders();
        expected.SilentDevices();
        return expected;
    }

    /// <summary>A sighting of a student: where it leaves them (<see cref="StudentLocations"/>), and for a dorm entry the curfew night it falls in.</summary>
    private sealed record Sighting(DateTimeOffset At, string Location, string What, string Where, DateOnly? Night);

    // ---- events: what the devices, gates, dorms, classrooms and zones do at once -------------

    private void Apply(DeviceReported e)
    {
        if (!_devices.TryGetValue(e.DeviceId, out var device)) return;
        Heard(device.Id).Add(e.OccurredAt);
        switch (device.Kind, e.Type)
        {
            case (DeviceKind.GateReader, DeviceEventType.Access):
                Gate(device.LocationId, e);
                break;
            case (DeviceKind.DormReader, DeviceEventType.Access):
                Dorm(_dorms[device.LocationId], e);
                break;
            case (DeviceKind.ClassBoard, DeviceEventType.Access):
                Board(device.LocationId, e);
                break;
            case (DeviceKind.Camera, DeviceEventType.Zone) when e.ZoneId is null || e.ZoneId == device.LocationId:
                Zone(_zones[device.LocationId], e);
                break;
            case (_, DeviceEventType.Alarm):
                Alarm(device, e);
                break;
            default:
                break; // a heartbeat: heard, nothing more
        }
    }

    private void Gate(string gateId, DeviceReported e)
    {
        var at = e.OccurredAt;
        if (e.PersonId is null) Raise(AlertKind.Intruder, gateId, _rules.HourWindow(at));
        if ((e.Count ?? 1) > 1) Raise(AlertKind.Intruder, gateId + "-tailgate", _rules.HourWindow(at));
        if (e.PersonId is not { } person) return;
        if (!_students.ContainsKey(person))
        {
            Raise(AlertKind.Intruder, person, _rules.HourWindow(at));
            return;
        }
        var entering = (e.Direction ?? Direction.In) == Direction.In;
        Sight(person, new Sighting(at, entering ? StudentLocations.OnCampus : StudentLocations.OffCampus,
            entering ? StudentLocations.GateIn : StudentLocations.GateOut, gateId, null));
        if (!entering && StudentRules.InSchoolHours(_rules, at)) Raise(AlertKind.UnauthorizedExit, person, AlertEffects.DayWindow(_rules.LocalDate(at)));
    }

    private void Dorm(DormInfo dorm, DeviceReported e)
    {
        var at = e.OccurredAt;
        if (e.PersonId is not { } person)
        {
            Raise(AlertKind.Intruder, dorm.Id, _rules.HourWindow(at));
            return;
        }
        if (!_students.ContainsKey(person))
        {
            Raise(AlertKind.Intruder, person, _rules.HourWindow(at));
            return;
        }
        var night = CurfewNights.NightOf(_rules, dorm, at);
        if ((e.Direction ?? Direction.In) == Direction.In)
        {
            Sight(person, new Sighting(at, StudentLocations.InDorm(dorm.Id), StudentLocations.DormIn, dorm.Id, night));
            return;
        }
        Sight(person, new Sighting(at, StudentLocations.OnCampus, StudentLocations.DormOut, dorm.Id, night));
        if (night is { } n) Raise(AlertKind.NightExit, person, AlertEffects.DayWindow(n));
    }

    /// <summary>A class-board check-in counts during a period of a school day (from ten minutes before it starts), once per period; the later period wins where windows overlap.</summary>
    private void Board(string classId, DeviceReported e)
    {
        if (e.PersonId is not { } person || !_students.ContainsKey(person)) return;
        var at = e.OccurredAt;
        var date = _rules.LocalDate(at);
        if (!_rules.Calendar.IsSchoolDay(date)) return;
        var period = _rules.Periods
            .Where(p => at >= _rules.At(date, p.Start) - ClassroomBehavior.CheckInOpensBefore && at < _rules.At(date, p.End))
            .MaxBy(p => p.Start);
        if (period is null || !_checkIns.TryAdd((classId, date, period.Number, person), at)) return;
        Sight(person, new Sighting(at, StudentLocations.InClassroom(classId), StudentLocations.ClassCheckIn, classId, null));
    }

    private void Zone(ZoneInfo zone, DeviceReported e)
    {
        if ((e.Count ?? 1) <= 0) return;
        var at = e.OccurredAt;
        if (zone.Kind == ZoneKind.Hazard) Raise(AlertKind.RestrictedZone, zone.Id, _rules.HourWindow(at));
        else if (zone.Kind == ZoneKind.Restricted && !LocalHours.Contains(zone.OpenFrom, zone.OpenTo, _rules.LocalTime(at))) Raise(AlertKind.Intruder, zone.Id, _rules.HourWindow(at));
    }

    private void Alarm(DeviceInfo device, DeviceReported e)
    {
        var at = e.OccurredAt;
        switch (e.Alarm)
        {
            case AlarmType.Sos when DeviceInfo.RaisesSos(device):
                Raise(AlertKind.Sos, device.LocationId, AlertEffects.SinceWindow(new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerMinute, at.Offset)));
                break;
            case AlarmType.Intrusion:
                Raise(AlertKind.Intruder, device.LocationId, _rules.HourWindow(at));
                break;
            case AlarmType.Tamper:
                Raise(AlertKind.Intruder, device.Id, _rules.HourWindow(at));
                break;
            case AlarmType.Tailgate:
                Raise(AlertKind.Intruder, device.LocationId + "-tailgate", _rules.HourWindow(at));
                break;
            default:
                break;
        }
    }

    // ---- timers: what happens when nothing happens -------------------------------------------

    /// <summary>At each dorm's curfew on a night before a school day, a boarder of the dorm not in it raises curfew-missing; entering it that night resolves it (late return).</summary>
    private void Curfews()
    {
        foreach (var dorm in _campus.Dorms)
        {
            var boarders = _campus.Students.Where(s => s.Boarding && s.DormId == dorm.Id).ToList();
            for (var after = _start; CurfewNights.NextCurfew(_rules, dorm, after) is { } curfew && curfew.At <= _end; after = curfew.At)
            {
                _timers.Add(curfew.At);
                var home = StudentLocations.InDorm(dorm.Id);
                foreach (var boarder in boarders.Where(b => WhereAt(b, curfew.At, before: curfew.At) != home))
                {
                    var back = Sightings(boarder.Id).Any(s => s.At >= curfew.At && s.What == StudentLocations.DormIn && s.Where == dorm.Id && s.Night == curfew.Night);
                    Raise(AlertKind.CurfewMissing, boarder.Id, AlertEffects.DayWindow(curfew.Night), back);
                }
            }
        }
    }

    /// <summary>A day student not seen on campus by the arrival deadline of a school day raises abnormal-absence; arriving later that day resolves it.</summary>
    private void ArrivalDeadlines()
    {
        var dayStudents = _campus.Students.Where(s => !s.Boarding).ToList();
        for (var after = _start; _rules.Next(after, _rules.ArrivalDeadline, _rules.Calendar.IsSchoolDay) is { } deadline && deadline <= _end; after = deadline)
        {
            _timers.Add(deadline);
            var date = _rules.LocalDate(deadline);
            foreach (var student in dayStudents)
            {
                bool OnCampusThatDay(Sighting s) => _rules.LocalDate(s.At) == date && s.Location != StudentLocations.OffCampus;
                var sightings = Sightings(student.Id);
                if (sightings.Any(s => s.At < deadline && OnCampusThatDay(s))) continue;
                Raise(AlertKind.AbnormalAbsence, student.Id, AlertEffects.DayWindow(date), sightings.Any(s => s.At >= deadline && OnCampusThatDay(s)));
            }
        }
    }

    /// <summary>
    /// When a period's grace is over, a student of the class who did not check in and was on campus
    /// when it started raises missing-from-class; any check-in later that day resolves it (late to
    /// this period, or found in a later one).
    /// </summary>
    private void PeriodChecks()
    {
        foreach (var classroom in _campus.Classrooms)
        {
            var roster = _campus.Students.Where(s => s.ClassId == classroom.Id).ToList();
            for (var after = _start; ClassroomBehavior.NextPeriodCheck(_rules, after) is { } check && check.Due <= _end; after = check.Due)
            {
                _timers.Add(check.Due);
                var start = _rules.At(check.Date, check.Period.Start);
                foreach (var student in roster)
                {
                    if (_checkIns.TryGetValue((classroom.Id, check.Date, check.Period.Number, student.Id), out var checkedIn) && checkedIn < check.Due) continue;
                    if (WhereAt(student, start, before: check.Due) == StudentLocations.OffCampus) continue;
                    var found = Sightings(student.Id).Any(s => s.What == StudentLocations.ClassCheckIn && s.At >= check.Due && _rules.LocalDate(s.At) == check.Date);
                    Raise(AlertKind.MissingFromClass, student.Id, AlertEffects.PeriodWindow(check.Date, check.Period.Number), found);
                }
            }
        }
    }

    /// <summary>
    /// A boarder on campus outside their own dorm and seen nowhere for <see cref="CampusRules.BoardingUnseenAfter"/>
    /// raises abnormal-absence (one per silence); the next sighting resolves it. Each sighting re-arms the check.
    /// </summary>
    private void UnseenBoarders()
    {
        foreach (var boarder in _campus.Students.Where(s => s.Boarding))
        {
            var sightings = Sightings(boarder.Id);
            for (var i = 0; i < sightings.Count; i++)
            {
                var seen = sightings[i];
                if (!_rules.Calendar.InTerm(_rules.LocalDate(seen.At))) continue;
                var due = seen.At + _rules.BoardingUnseenAfter;
                var next = i + 1 < sightings.Count ? sightings[i + 1].At : (DateTimeOffset?)null;
                if (due > _end || next < due) continue; // seen again first (a sighting at the due instant comes after the check)
                if (seen.Location == StudentLocations.OffCampus || (boarder.DormId is { } dorm && seen.Location == StudentLocations.InDorm(dorm))) continue;
                if (!_rules.Calendar.InTerm(_rules.LocalDate(due))) continue;
                _timers.Add(due);
                Raise(AlertKind.AbnormalAbsence, boarder.Id, AlertEffects.SinceWindow(seen.At), next is not null);
            }
        }
    }

    /// <summary>
    /// A device silent for three heartbeat intervals (from its configuration, or the last time it was
    /// heard) during its active hours raises device-offline; hearing it again resolves it. Outside its
    /// active hours the check waits until they begin again.
    /// </summary>
    private void SilentDevices()
    {
        foreach (var device in _campus.Devices)
        {
            var silence = device.HeartbeatInterval * DeviceBehavior.MissedHeartbeats;
            var last = _start;
            var due = last + silence;
            foreach (var heard in Heard(device.Id).Append(DateTimeOffset.MaxValue))
            {
                if (heard <= last) continue;
                while (due <= heard && due <= _end)
                {
                    if (LocalHours.Contains(device.ActiveFrom, device.ActiveTo, _rules.LocalTime(due)))
                    {
                        _timers.Add(due);
                        Raise(AlertKind.DeviceOffline, device.Id, AlertEffects.SinceWindow(last), heard != DateTimeOffset.MaxValue);
                        break;
                    }
                    due = _rules.Next(due, device.ActiveFrom ?? TimeOnly.MinValue, _ => true)!.Value + silence;
                }
                last = heard;
                due = heard == DateTimeOffset.MaxValue ? DateTimeOffset.MaxValue : heard + silence;
            }
        }
    }

    // ---- where a student was, as StudentRules.WhereAt judges it --------------------------------

    /// <summary>
    /// Where <paramref name="student"/> was at <paramref name="at"/>, judged from the sightings applied
    /// before <paramref name="before"/> (those earlier in time): today's last sighting up to then, else
    /// where a boarder was the evening before; a day student starts each day off campus.
    /// </summary>
    private string WhereAt(StudentInfo student, DateTimeOffset at, DateTimeOffset before)
    {
        var applied = Sightings(student.Id).TakeWhile(s => s.At < before).ToList();
        if (applied.Count == 0) return StudentLocations.OffCampus;
        var date = _rules.LocalDate(at);
        if (_rules.LocalDate(applied[^1].At) != date) return student.Boarding ? applied[^1].Location : StudentLocations.OffCampus;
        if (applied.LastOrDefault(s => _rules.LocalDate(s.At) == date && s.At <= at) is { } today) return today.Location;
        return student.Boarding
            ? applied.LastOrDefault(s => _rules.LocalDate(s.At) < date)?.Location ?? StudentLocations.OffCampus
            : StudentLocations.OffCampus;
    }

    private List<Sighting> Sightings(string studentId) => _sightings.TryGetValue(studentId, out var list) ? list : [];

    private void Sight(string studentId, Sighting sighting)
    {
        if (!_sightings.TryGetValue(studentId, out var list)) _sightings[studentId] = list = [];
        list.Add(sighting);
    }

    private List<DateTimeOffset> Heard(string deviceId)
    {
        if (!_heard.TryGetValue(deviceId, out var list)) _heard[deviceId] = list = [];
        return list;
    }

    /// <summary>Raises an incident once (a second raise of the same incident changes nothing, as the alert entity does).</summary>
    private void Raise(AlertKind kind, string subjectId, string window, bool resolved = false)
    {
        var alertId = Incidents.For(_campus.CampusId, kind, subjectId, window).Key;
        _alerts.TryAdd(alertId, new ExpectedAlert(_campus.CampusId, alertId, kind, resolved));
    }
}
