using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Campus.Actors.Alerts;
using CsvHelper;
using CsvHelper.Configuration;

namespace Campus.Actors.Reference;

/// <summary>
/// Reads a campus manifest (JSON) and its roster (CSV) into a <see cref="CampusManifest"/>, checking
/// formats and references. Never throws on bad input: every problem found is returned as a
/// <see cref="ManifestError"/> naming the field. The format is described in docs/campus-manifest.md.
/// </summary>
public static class ManifestLoader
{
    /// <summary>The roster's name in error messages when the manifest does not name its roster file.</summary>
    public const string DefaultRosterName = "roster.csv";

    /// <summary>The roster CSV's columns, in order.</summary>
    public static readonly ImmutableArray<string> RosterColumns =
        ["student_id", "name", "grade", "class_id", "boarding", "dorm_id", "guardian_id", "guardian_name", "guardian_contact", "guardian_notices"];

    /// <summary>Optional roster columns: a guardian's language and quiet hours.</summary>
    public static readonly ImmutableArray<string> OptionalRosterColumns = ["guardian_language", "guardian_quiet_from", "guardian_quiet_to"];

    /// <summary>Loads a manifest from its JSON text and the text of its roster CSV (null when there is none).</summary>
    public static ManifestLoadResult Load(string manifestJson, string? rosterCsv) => Load(manifestJson, rosterCsv, []);

    /// <summary>Loads the manifest file at <paramref name="manifestPath"/> and the roster file it names (relative to the manifest).</summary>
    public static ManifestLoadResult LoadFiles(string manifestPath)
    {
        string json;
        try
        {
            json = File.ReadAllText(manifestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new ManifestLoadResult(null, [new ManifestError("$", $"cannot read {manifestPath}: {e.Message}")]);
        }

        var rosterName = RosterNameOf(json);
        if (rosterName is null) return Load(json, null);
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath)) ?? ".";
            return Load(json, File.ReadAllText(Path.Combine(directory, rosterName)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Load(json, null, [new ManifestError("roster", $"cannot read {ManifestText.Quote(rosterName)}: {e.Message}")]);
        }
    }

    private static ManifestLoadResult Load(string manifestJson, string? rosterCsv, IReadOnlyList<ManifestError> earlier)
    {
        var errors = new List<ManifestError>(earlier);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(manifestJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var message = e.Message.Split(" LineNumber:")[0].TrimEnd();
            errors.Add(new ManifestError("$", $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {message}"));
            return new ManifestLoadResult(null, [.. errors]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ManifestError("$", "the manifest must be a JSON object"));
                return new ManifestLoadResult(null, [.. errors]);
            }
            var manifest = new ManifestReading(errors).Read(new JsonSection(document.RootElement, "", errors), rosterCsv);
            return errors.Count == 0 && manifest is not null
                ? new ManifestLoadResult(manifest, [])
                : new ManifestLoadResult(null, [.. errors]);
        }
    }

    private static string? RosterNameOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("roster", out var roster)
                && roster.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(roster.GetString())
                ? roster.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A student as read from the roster or the manifest, with how to name each of its fields in an error.</summary>
    private sealed record StudentEntry(StudentInfo Info, Func<string, string> FieldPath);

    /// <summary>One load: reads every section, then checks ids and references across sections.</summary>
    private sealed class ManifestReading(List<ManifestError> errors)
    {
        private readonly Dictionary<string, Dictionary<string, string>> _ids = new(StringComparer.Ordinal);

        public CampusManifest? Read(JsonSection root, string? rosterCsv)
        {
            root.Has("$schema");
            var campusId = root.String("campusId");
            if (campusId is not null && campusId.Contains('/'))
                root.Error("campusId", $"{ManifestText.Quote(campusId)} may not contain '/'");
            var name = root.String("name");
            var timeZone = root.String("timeZone");
            if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
                root.Error("timeZone", $"{ManifestText.Quote(timeZone)} is not a known time zone (IANA id, e.g. Asia/Shanghai)");

            var calendar = ReadCalendar(root.Object("calendar", required: true));
            var rules = ReadRules(root, campusId ?? "", timeZone ?? "", calendar);

            var gates = Items(root, "gates", "gate", ReadGate);
            var dorms = Items(root, "dorms", "dorm", ReadDorm);
            var classrooms = Items(root, "classrooms", "classroom", ReadClassroom);
            var zones = Items(root, "zones", "zone", ReadZone);
            var devices = Items(root, "devices", "device", ReadDevice);

            var rosterName = root.String("roster", required: false);
            var students = new List<StudentEntry>();
            if (rosterCsv is not null)
                students.AddRange(ReadRoster(rosterCsv, rosterName ?? DefaultRosterName));
            else if (rosterName is not null && !errors.Exists(e => e.Field == "roster"))
                root.Error("roster", $"{ManifestText.Quote(rosterName)} is named but no roster was given");
            students.AddRange(root.Objects("students").Select(ReadInlineStudent).OfType<StudentEntry>());
            foreach (var student in students)
                Register("student", student.Info.Id, student.FieldPath("id"));

            var vehicles = ReadVehicles(root);

            var leaves = new List<(LeaveApproval Leave, JsonSection Section)>();
            foreach (var section in root.Objects("leaves"))
            {
                var leave = ReadLeave(section);
                if (leave is not null) leaves.Add((leave, section));
            }
            root.Done();

            CheckStudents(students);
            CheckDevices(devices);
            foreach (var (leave, section) in leaves)
            {
                if (!Exists("student", leave.StudentId))
                    section.Error("studentId", $"{ManifestText.Quote(leave.StudentId)} is not a student on the roster");
            }

            if (campusId is null || name is null || timeZone is null || rules is null || errors.Count > 0) return null;
            return new CampusManifest
            {
                CampusId = campusId,
                Name = name,
                TimeZone = timeZone,
                Rules = rules,
                Gates = [.. gates.Select(g => g.Info)],
                Dorms = [.. dorms.Select(d => d.Info)],
                Classrooms = [.. classrooms.Select(c => c.Info)],
                Zones = [.. zones.Select(z => z.Info)],
                Devices = [.. devices.Select(d => d.Info)],
                Students = [.. students.Select(s => s.Info)],
                Leaves = [.. leaves.Select(l => l.Leave)],
                Vehicles = vehicles,
            };
        }

        // ---- calendar and rules ----

        private SchoolCalendar? ReadCalendar(JsonSection? section)
        {
            if (section is null) return null;
            var start = section.Date("termStart");
            var end = section.Date("termEnd");
            if (start is not null && end is not null && end < start)
                section.Error("termEnd", $"{end:yyyy-MM-dd} is before termStart {start:yyyy-MM-dd}");
            var weekdays = section.Has("schoolWeekdays") ? Weekdays(section) : null;
            var holidays = Dates(section, "holidays");
            var makeUpDays = Dates(section, "makeUpDays");
            section.Done();
            if (start is null || end is null) return null;
            var calendar = new SchoolCalendar { TermStart = start.Value, TermEnd = end.Value, Holidays = holidays, MakeUpDays = makeUpDays };
            return weekdays is null ? calendar : calendar with { SchoolWeekdays = weekdays.Value };
        }

        private static ImmutableArray<DayOfWeek>? Weekdays(JsonSection section)
        {
            var days = new List<DayOfWeek>();
            foreach (var (text, path) in section.Strings("schoolWeekdays"))
            {
                if (ManifestText.Weekdays.TryGetValue(text, out var day))
                    days.Add(day);
                else
                    section.Errors.Add(new ManifestError(path, $"{ManifestText.Quote(text)} is not a weekday (monday ... sunday)"));
            }
            return [.. days.Distinct()];
        }

        private static ImmutableArray<DateOnly> Dates(JsonSection section, string name)
        {
            var dates = new List<DateOnly>();
            foreach (var (text, path) in section.Strings(name))
            {
                var range = ManifestText.DateRange(text);
                if (range is null)
                    section.Errors.Add(new ManifestError(path, $"{ManifestText.Quote(text)} is not a date (yyyy-MM-dd) or a date range (yyyy-MM-dd..yyyy-MM-dd)"));
                else
                    dates.AddRange(range.Value);
            }
            return [.. dates.Distinct().Order()];
        }

        private CampusRules? ReadRules(JsonSection root, string campusId, string timeZone, SchoolCalendar? calendar)
        {
            var periods = ReadPeriods(root);
            var times = root.Object("times");
            var schoolStart = times?.Time("schoolStart", required: false);
            var arrivalDeadline = times?.Time("arrivalDeadline", required: false);
            var dismissal = times?.Time("dismissal", required: false);
            var visitorsLeaveBy = times?.Time("visitorsLeaveBy", required: false);
            times?.Done();

            var rules = root.Object("rules");
            var unseen = Positive(rules, "boardingUnseenAfter");
            var grace = rules?.Duration("classCheckInGrace", required: false);
            var debounce = rules?.Duration("noticeDebounce", required: false);
            var stale = Positive(rules, "staleAfter");
            var reminder = Positive(rules, "reminderInterval");
            var overstay = Positive(rules, "visitorOverstayAfter");
            var faceFail = Positive(rules, "visitorFaceFailWindow");
            var vehicleGrace = Positive(rules, "visitorVehicleGrace");
            var confidence = rules?.Number("plateMinConfidence", required: false);
            if (confidence is < 0 or > 1)
            {
                rules!.Error("plateMinConfidence", "must be from 0 to 1");
                confidence = null;
            }
            rules?.Done();

            var (defaultChain, chains) = ReadEscalation(root.Object("escalation"));
            if (calendar is null) return null;

            var defaults = new CampusRules { CampusId = campusId, TimeZone = timeZone, Calendar = calendar, Periods = periods };
            return defaults with
            {
                SchoolStart = schoolStart ?? defaults.SchoolStart,
                ArrivalDeadline = arrivalDeadline ?? defaults.ArrivalDeadline,
                Dismissal = dismissal ?? defaults.Dismissal,
                BoardingUnseenAfter = unseen ?? defaults.BoardingUnseenAfter,
                ClassCheckInGrace = grace ?? defaults.ClassCheckInGrace,
                NoticeDebounce = debounce ?? defaults.NoticeDebounce,
                StaleAfter = stale ?? defaults.StaleAfter,
                ReminderInterval = reminder ?? defaults.ReminderInterval,
                VisitorsLeaveBy = visitorsLeaveBy ?? defaults.VisitorsLeaveBy,
                VisitorOverstayAfter = overstay ?? defaults.VisitorOverstayAfter,
                VisitorFaceFailWindow = faceFail ?? defaults.VisitorFaceFailWindow,
                VisitorVehicleGrace = vehicleGrace ?? defaults.VisitorVehicleGrace,
                PlateMinConfidence = confidence ?? defaults.PlateMinConfidence,
                DefaultEscalation = defaultChain ?? defaults.DefaultEscalation,
                Escalation = chains,
            };
        }

        private static TimeSpan? Positive(JsonSection? section, string name)
        {
            var value = section?.Duration(name, required: false);
            if (value is not null && value <= TimeSpan.Zero)
            {
                section!.Error(name, "must be longer than zero");
                return null;
            }
            return value;
        }

        private static ImmutableArray<Period> ReadPeriods(JsonSection root)
        {
            var periods = new List<(Period Period, JsonSection Section)>();
            var numbers = new Dictionary<int, string>();
            foreach (var section in root.Objects("periods"))
            {
                var number = section.Int("number");
                var start = section.Time("start");
                var end = section.Time("end");
                section.Done();
                if (number is not null)
                {
                    if (number < 1)
                        section.Error("number", $"{number} must be 1 or more");
                    else if (!numbers.TryAdd(number.Value, section.Path))
                        section.Error("number", $"{number} is a duplicate of {numbers[number.Value]}");
                }
                if (start is not null && end is not null && end <= start)
                    section.Error("end", $"{ManifestText.Quote($"{end:HH:mm}")} is not after start {ManifestText.Quote($"{start:HH:mm}")}");
                else if (number is not null && start is not null && end is not null)
                    periods.Add((new Period(number.Value, start.Value, end.Value), section));
            }
            var ordered = periods.OrderBy(p => p.Period.Number).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Period.Start < ordered[i - 1].Period.End)
                    ordered[i].Section.Error("start", $"period {ordered[i].Period.Number} starts before period {ordered[i - 1].Period.Number} ends");
            }
            return [.. ordered.Select(p => p.Period)];
        }

        private static (ImmutableArray<EscalationStep>? Default, ImmutableDictionary<AlertKind, ImmutableArray<EscalationStep>> Chains) ReadEscalation(JsonSection? section)
        {
            var chains = ImmutableDictionary<AlertKind, ImmutableArray<EscalationStep>>.Empty;
            ImmutableArray<EscalationStep>? defaultChain = null;
            if (section is null) return (null, chains);
            foreach (var name in section.FieldNames().ToList())
            {
                if (name == "default")
                {
                    defaultChain = ReadSteps(section, name);
                }
                else if (ManifestText.AlertKinds.TryGetValue(name, out var kind))
                {
                    var steps = ReadSteps(section, name);
                    if (steps is not null) chains = chains.SetItem(kind, steps.Value);
                }
            }
            foreach (var name in section.FieldNames())
            {
                if (name != "default" && !ManifestText.AlertKinds.ContainsKey(name))
                {
                    section.Has(name);
                    section.Error(name, $"is not \"default\" or an alert kind ({string.Join(", ", ManifestText.AlertKinds.Keys.Order(StringComparer.Ordinal))})");
                }
            }
            section.Done();
            return (defaultChain, chains);
        }

        private static ImmutableArray<EscalationStep>? ReadSteps(JsonSection section, string name)
        {
            var steps = new List<EscalationStep>();
            var valid = true;
            foreach (var step in section.Objects(name, required: true))
            {
                var role = step.String("role");
                var after = step.Duration("after");
                step.Done();
                if (role is null || after is null)
                {
                    valid = false;
                    continue;
                }
                if (steps.Count > 0 && after < steps[^1].After)
                {
                    step.Error("after", $"{ManifestText.Quote(after.Value.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture))} is before the previous step's");
                    valid = false;
                }
                steps.Add(new EscalationStep(role, after.Value));
            }
            if (steps.Count == 0 && valid)
            {
                section.Error(name, "needs at least one step");
                valid = false;
            }
            return valid ? [.. steps] : null;
        }

        // ---- places and devices ----

        /// <summary>Reads an array of objects with an id, registering each id (duplicates are errors) even when the object is otherwise bad.</summary>
        private List<(T Info, JsonSection Section)> Items<T>(JsonSection root, string name, string kind, Func<JsonSection, T?> read)
            where T : class
        {
            var items = new List<(T, JsonSection)>();
            foreach (var section in root.Objects(name))
            {
                if (section.Peek("id") is { } id) Register(kind, id, section.PathOf("id"));
                var before = section.Errors.Count;
                var info = read(section);
                section.Done();
                if (info is not null && section.Errors.Count == before) items.Add((info, section));
            }
            return items;
        }

        private static GateInfo? ReadGate(JsonSection s)
        {
            var (id, name) = (s.String("id"), s.String("name"));
            return id is null || name is null ? null : new GateInfo(id, name);
        }

        private static ClassroomInfo? ReadClassroom(JsonSection s)
        {
            var (id, name, grade) = (s.String("id"), s.String("name"), s.String("grade"));
            return id is null || name is null || grade is null ? null : new ClassroomInfo(id, name, grade);
        }

        private static DormInfo? ReadDorm(JsonSection s)
        {
            var curfew = s.Time("curfew");
            var wakeUp = s.Time("wakeUp");
            var rollCall = s.Time("rollCall", required: false);
            var (id, name) = (s.String("id"), s.String("name"));
            if (id is null || name is null || curfew is null || wakeUp is null) return null;
            return new DormInfo(id, name, curfew.Value, wakeUp.Value, rollCall ?? curfew.Value.AddMinutes(10));
        }

        private static ZoneInfo? ReadZone(JsonSection s)
        {
            var (id, name) = (s.String("id"), s.String("name"));
            var kind = s.Has("kind") ? s.Enum("kind", ManifestText.ZoneKinds) : ZoneKind.Normal;
            var (from, to) = Hours(s, "openFrom", "openTo");
            if (id is null || name is null || kind is null) return null;
            return new ZoneInfo(id, name, kind.Value, from, to);
        }

        private static DeviceInfo? ReadDevice(JsonSection s)
        {
            var id = s.String("id");
            var kind = s.Enum("kind", ManifestText.DeviceKinds);
            var location = s.String("location");
            var heartbeat = s.Duration("heartbeat");
            if (heartbeat is not null && heartbeat <= TimeSpan.Zero)
                s.Error("heartbeat", "must be longer than zero");
            var (from, to) = Hours(s, "activeFrom", "activeTo");
            var sos = s.Bool("sos", required: false);
            if (id is null || kind is null || location is null || heartbeat is null) return null;
            return new DeviceInfo(id, kind.Value, location, heartbeat.Value, from, to, sos);
        }

        /// <summary>The listed vehicles: a plate (unique once normalised), a kind, an owner, and optional allowed hours.</summary>
        private static ImmutableArray<Vehicles.VehicleInfo> ReadVehicles(JsonSection root)
        {
            var vehicles = ImmutableArray.CreateBuilder<Vehicles.VehicleInfo>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in root.Objects("vehicles"))
            {
                var plate = s.String("plate");
                var kind = s.Enum("kind", ManifestText.VehicleKinds);
                var owner = s.String("owner");
                var (from, to) = Hours(s, "allowedFrom", "allowedTo");
                if (plate is not null && Vehicles.Plates.Error(plate) is { } plateError)
                {
                    s.Error("plate", plateError);
                    plate = null;
                }
                else if (plate is not null && !seen.Add(Vehicles.Plates.Normalize(plate)))
                {
                    s.Error("plate", $"{ManifestText.Quote(plate)} is listed twice");
                    plate = null;
                }
                s.Done();
                if (plate is null || kind is null || owner is null) continue;
                vehicles.Add(new Vehicles.VehicleInfo(Vehicles.Plates.Normalize(plate), kind.Value, owner, from, to));
            }
            return vehicles.ToImmutable();
        }

        /// <summary>Optional daily hours given as a pair: both or neither.</summary>
        private static (TimeOnly? From, TimeOnly? To) Hours(JsonSection s, string fromName, string toName)
        {
            var from = s.Time(fromName, required: false);
            var to = s.Time(toName, required: false);
            if (s.Has(fromName) != s.Has(toName))
                s.Error(s.Has(fromName) ? toName : fromName, $"is required when {(s.Has(fromName) ? fromName : toName)} is given");
            return (from, to);
        }

        private void CheckDevices(List<(DeviceInfo Info, JsonSection Section)> devices)
        {
            foreach (var (device, section) in devices)
            {
                var (kinds, what) = device.Kind switch
                {
                    DeviceKind.GateReader => (new[] { "gate" }, "a gate"),
                    DeviceKind.DormReader => (["dorm"], "a dorm"),
                    DeviceKind.ClassBoard => (["classroom"], "a classroom"),
                    DeviceKind.Camera => (["zone"], "a zone"),
                    DeviceKind.PlateCamera or DeviceKind.VisitorKiosk => (["gate"], "a gate"),
                    _ => (["gate", "dorm", "classroom", "zone"], "a gate, dorm, classroom or zone"),
                };
                if (!kinds.Any(kind => Exists(kind, device.LocationId)))
                    section.Error("location", $"{ManifestText.Quote(device.LocationId)} is not {what}");
            }
        }

        // ---- students ----

        private IEnumerable<StudentEntry> ReadRoster(string csv, string file)
        {
            var config = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                HasHeaderRecord = true,
                BadDataFound = null,
                TrimOptions = TrimOptions.Trim,
            };
            var rows = new List<(int Line, string[] Fields)>();
            string[]? header = null;
            try
            {
                using var reader = new StringReader(csv.TrimStart('\uFEFF'));
                using var parser = new CsvParser(reader, config);
                while (parser.Read())
                {
                    var record = parser.Record ?? [];
                    if (header is null)
                        header = record;
                    else if (!record.All(string.IsNullOrWhiteSpace))
                        rows.Add((parser.RawRow, record));
                }
            }
            catch (CsvHelperException e)
            {
                errors.Add(new ManifestError(file, $"is not valid CSV: {e.Message.Split('\n')[0]}"));
                return [];
            }
            if (header is null)
            {
                errors.Add(new ManifestError($"{file} line 1", "the roster is empty (expected a header row)"));
                return [];
            }
            var columns = RosterColumns.ToDictionary(c => c, c => System.Array.IndexOf(header, c), StringComparer.Ordinal);
            var missing = columns.Where(c => c.Value < 0).Select(c => c.Key).ToList();
            if (missing.Count > 0)
            {
                errors.Add(new ManifestError($"{file} line 1", $"missing column(s) {string.Join(", ", missing)}"));
                return [];
            }
            foreach (var optional in OptionalRosterColumns) columns[optional] = System.Array.IndexOf(header, optional);

            var students = new Dictionary<string, (StudentInfo Info, int Line, Func<string, string> At)>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var (line, fields) in rows)
            {
                string At(string column) => $"{file} line {line} ({column})";
                string Cell(string column) => columns[column] >= 0 && columns[column] < fields.Length ? fields[columns[column]] : "";
                var before = errors.Count;
                string? Required(string column)
                {
                    var value = Cell(column);
                    if (value.Length > 0) return value;
                    errors.Add(new ManifestError(At(column), "is required"));
                    return null;
                }

                var id = Required("student_id");
                var name = Required("name");
                var grade = Required("grade");
                var classId = Required("class_id");
                bool? boarding = Cell("boarding").ToLowerInvariant() switch
                {
                    "yes" => true,
                    "no" => false,
                    _ => null,
                };
                if (boarding is null)
                    errors.Add(new ManifestError(At("boarding"), $"{ManifestText.Quote(Cell("boarding"))} is not yes or no"));
                var dormId = Cell("dorm_id") is { Length: > 0 } dorm ? dorm : null;
                var guardian = ReadGuardian(Cell("guardian_id"), Cell("guardian_name"), Cell("guardian_contact"), Cell("guardian_notices"), At);
                if (guardian is not null) guardian = ReadGuardianDelivery(guardian, Cell("guardian_language"), Cell("guardian_quiet_from"), Cell("guardian_quiet_to"), At);
                if (errors.Count > before || id is null || name is null || grade is null || classId is null || boarding is null) continue;

                var info = new StudentInfo(id, name, grade, classId, boarding.Value, dormId, guardian is null ? [] : [guardian]);
                if (!students.TryGetValue(id, out var first))
                {
                    students[id] = (info, line, column => At(column switch
                    {
                        "id" => "student_id",
                        "class" => "class_id",
                        "dorm" => "dorm_id",
                        _ => column,
                    }));
                    order.Add(id);
                }
                else if (StudentFields(first.Info) != StudentFields(info))
                {
                    errors.Add(new ManifestError(At("student_id"), $"{ManifestText.Quote(id)} repeats line {first.Line} with different student fields (only the guardian columns may differ)"));
                }
                else if (guardian is not null)
                {
                    if (first.Info.Guardians.Any(g => g.Id == guardian.Id))
                        errors.Add(new ManifestError(At("guardian_id"), $"{ManifestText.Quote(guardian.Id)} is already a guardian of {id}"));
                    else
                        students[id] = first with { Info = first.Info with { Guardians = first.Info.Guardians.Add(guardian) } };
                }
            }
            return [.. order.Select(id => new StudentEntry(students[id].Info, students[id].At))];
        }

        private static (string, string, string, bool, string?) StudentFields(StudentInfo s) => (s.Name, s.Grade, s.ClassId, s.Boarding, s.DormId);

        private GuardianInfo? ReadGuardian(string id, string name, string contact, string notices, Func<string, string> at)
        {
            if (id.Length == 0)
            {
                if (name.Length > 0 || contact.Length > 0)
                    errors.Add(new ManifestError(at("guardian_id"), "is required when guardian_name or guardian_contact is given"));
                return null;
            }
            if (name.Length == 0) errors.Add(new ManifestError(at("guardian_name"), "is required when guardian_id is given"));
            if (contact.Length == 0) errors.Add(new ManifestError(at("guardian_contact"), "is required when guardian_id is given"));
            var preferences = notices.ToLowerInvariant() switch
            {
                "" or "all" => NoticePreferences.All,
                "none" => NoticePreferences.None,
                var list => NoticeList(list.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), at("guardian_notices")),
            };
            return name.Length == 0 || contact.Length == 0 || preferences is null ? null : new GuardianInfo(id, name, contact, preferences.Value);
        }

        /// <summary>Adds a roster row's language and quiet hours to its guardian (errors are collected; the guardian is kept).</summary>
        private GuardianInfo ReadGuardianDelivery(GuardianInfo guardian, string language, string quietFrom, string quietTo, Func<string, string> at)
        {
            var lang = Language(language, at("guardian_language"));
            var from = QuietTime(quietFrom, at("guardian_quiet_from"));
            var to = QuietTime(quietTo, at("guardian_quiet_to"));
            if (from.HasValue != to.HasValue)
                errors.Add(new ManifestError(at(from.HasValue ? "guardian_quiet_to" : "guardian_quiet_from"), "quiet hours need both guardian_quiet_from and guardian_quiet_to"));
            return guardian with { Language = lang, QuietFrom = from, QuietTo = to };
        }

        private string Language(string? value, string path)
        {
            if (string.IsNullOrEmpty(value)) return GuardianInfo.DefaultLanguage;
            var known = GuardianInfo.Languages.FirstOrDefault(l => string.Equals(l, value, StringComparison.OrdinalIgnoreCase));
            if (known is not null) return known;
            errors.Add(new ManifestError(path, $"{ManifestText.Quote(value)} is not a language ({string.Join(" or ", GuardianInfo.Languages)})"));
            return GuardianInfo.DefaultLanguage;
        }

        private TimeOnly? QuietTime(string? value, string path)
        {
            if (string.IsNullOrEmpty(value)) return null;
            if (ManifestText.Time(value) is { } time) return time;
            errors.Add(new ManifestError(path, $"{ManifestText.Quote(value)} is not a time (HH:mm)"));
            return null;
        }

        private NoticePreferences? NoticeList(IEnumerable<string> names, string path)
        {
            var preferences = NoticePreferences.None;
            var valid = true;
            foreach (var name in names)
            {
                if (ManifestText.Notices.TryGetValue(name, out var notice))
                {
                    preferences |= notice;
                    continue;
                }
                errors.Add(new ManifestError(path, $"{ManifestText.Quote(name)} is not a notice (all, none, or a list of arrival, departure, dorm-check-in)"));
                valid = false;
            }
            return valid ? preferences : null;
        }

        private StudentEntry? ReadInlineStudent(JsonSection s)
        {
            var before = errors.Count;
            var id = s.String("id");
            var name = s.String("name");
            var grade = s.String("grade");
            var classId = s.String("classId");
            var boarding = s.Bool("boarding");
            var dormId = s.String("dormId", required: false);
            var guardians = new List<GuardianInfo>();
            foreach (var g in s.Objects("guardians"))
            {
                var (gid, gname, contact) = (g.String("id"), g.String("name"), g.String("contact"));
                var notices = g.Has("notices") ? NoticeList(g.Strings("notices").Select(n => n.Text).ToList(), g.PathOf("notices")) : NoticePreferences.All;
                var language = Language(g.String("language", required: false), g.PathOf("language"));
                var quietFrom = g.Time("quietFrom", required: false);
                var quietTo = g.Time("quietTo", required: false);
                if (quietFrom.HasValue != quietTo.HasValue)
                    g.Error(quietFrom.HasValue ? "quietTo" : "quietFrom", "quiet hours need both quietFrom and quietTo");
                g.Done();
                if (gid is null || gname is null || contact is null || notices is null) continue;
                if (guardians.Any(x => x.Id == gid))
                    g.Error("id", $"{ManifestText.Quote(gid)} is already a guardian of this student");
                else
                    guardians.Add(new GuardianInfo(gid, gname, contact, notices.Value, language, quietFrom, quietTo));
            }
            s.Done();
            if (errors.Count > before || id is null || name is null || grade is null || classId is null || boarding is null) return null;
            var info = new StudentInfo(id, name, grade, classId, boarding.Value, string.IsNullOrEmpty(dormId) ? null : dormId, [.. guardians]);
            return new StudentEntry(info, field => s.PathOf(field switch
            {
                "class" => "classId",
                "dorm" => "dormId",
                _ => field,
            }));
        }

        private void CheckStudents(List<StudentEntry> students)
        {
            foreach (var (student, at) in students)
            {
                if (!Exists("classroom", student.ClassId))
                    errors.Add(new ManifestError(at("class"), $"{ManifestText.Quote(student.ClassId)} is not a classroom"));
                if (student.Boarding && student.DormId is null)
                    errors.Add(new ManifestError(at("dorm"), $"is required for boarding student {student.Id}"));
                else if (student.Boarding && !Exists("dorm", student.DormId!))
                    errors.Add(new ManifestError(at("dorm"), $"{ManifestText.Quote(student.DormId!)} is not a dorm"));
                else if (!student.Boarding && student.DormId is not null)
                    errors.Add(new ManifestError(at("dorm"), $"day student {student.Id} has no dorm (leave it empty or make them boarding)"));
            }
        }

        private LeaveApproval? ReadLeave(JsonSection s)
        {
            var id = s.String("leaveId");
            if (id is not null) Register("leave", id, s.PathOf("leaveId"));
            var studentId = s.String("studentId");
            var from = s.Instant("from");
            var to = s.Instant("to");
            var reason = s.String("reason");
            var approvedBy = s.String("approvedBy");
            s.Done();
            if (from is not null && to is not null && to <= from)
            {
                s.Error("to", $"{to:yyyy-MM-dd'T'HH:mm:sszzz} is not after from {from:yyyy-MM-dd'T'HH:mm:sszzz}");
                return null;
            }
            if (id is null || studentId is null || from is null || to is null || reason is null || approvedBy is null) return null;
            return new LeaveApproval(id, studentId, from.Value, to.Value, reason, approvedBy);
        }

        // ---- ids ----

        private void Register(string kind, string id, string path)
        {
            if (!_ids.TryGetValue(kind, out var seen)) _ids[kind] = seen = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!seen.TryAdd(id, path))
                errors.Add(new ManifestError(path, $"{ManifestText.Quote(id)} is a duplicate {kind} id (first at {seen[id]})"));
        }

        private bool Exists(string kind, string id) => _ids.TryGetValue(kind, out var seen) && seen.ContainsKey(id);
    }
}
