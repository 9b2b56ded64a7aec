using System.Globalization;

namespace Campus.County.Generate;

/// <summary>A school ready to write: its manifest and its students (with guardians and dorms).</summary>
public sealed record GeneratedSchool(SchoolProfile Profile, ManifestDocument Manifest, IReadOnlyList<Pupil> Pupils);

/// <summary>
/// Draws one school's layout from its profile: classes per grade, students and guardians (as the
/// demo roster), dorms for its boarders, gates, camera zones and a device set scaled to it.
/// Deterministic: everything comes from the profile's seed.
/// </summary>
public sealed class SchoolBuilder(SchoolProfile school)
{
    /// <summary>Boarders per dorm building; a bigger group gets another house.</summary>
    private const int DormCapacity = 240;

    private const string RosterFile = "roster.csv";

    private readonly Lcg _rng = new(school.Seed);

    public GeneratedSchool Build()
    {
        var classrooms = Classrooms();
        var pupils = Pupils(classrooms);
        var dorms = Dorms(pupils);
        var gates = Gates();
        var zones = Zones();
        var timetable = Timetable.For(school.Stage);
        var manifest = new ManifestDocument(
            school.CampusId, school.Name, "Asia/Shanghai", Calendar,
            new TimesDocument(Timetable.SchoolStart, Timetable.ArrivalDeadline, timetable.Dismissal),
            timetable.Periods, Rules, Escalation, gates, dorms, classrooms, zones,
            Devices(gates, dorms, classrooms, zones), RosterFile);
        return new GeneratedSchool(school, manifest, pupils);
    }

    /// <summary>The demo's term: autumn 2026, with the Mid-Autumn and National Day holidays and their make-up days.</summary>
    private static readonly CalendarDocument Calendar = new(
        "2026-09-01", "2027-01-22",
        ["monday", "tuesday", "wednesday", "thursday", "friday"],
        ["2026-09-25", "2026-10-01..2026-10-07", "2027-01-01"],
        ["2026-09-27", "2026-10-10"]);

    private static readonly RulesDocument Rules = new("04:00:00", "00:10:00", "00:05:00", "02:00:00", "00:05:00");

    /// <summary>The demo's escalation chains: the county's schools follow one policy.</summary>
    private static readonly Dictionary<string, IReadOnlyList<EscalationStepDocument>> Escalation = new()
    {
        ["default"] = [new("responsible", "00:00:00"), new("security", "00:10:00"), new("duty-leader", "00:30:00")],
        ["sos"] = [new("security", "00:00:00"), new("duty-leader", "00:02:00"), new("principal", "00:10:00")],
        ["restricted-zone"] = [new("security", "00:00:00"), new("duty-leader", "00:05:00")],
        ["curfew-missing"] = [new("responsible", "00:00:00"), new("duty-leader", "00:15:00"), new("principal", "01:00:00")],
    };

    private List<ClassroomDocument> Classrooms() =>
    [
        .. from grade in school.Grades
           from number in Enumerable.Range(1, school.ClassesPerGrade)
           select new ClassroomDocument($"g{grade}-{number}", $"Grade {grade} Class {number}", Text(grade)),
    ];

    /// <summary>Students S1001 on, spread evenly over the classes (the first classes take the remainder); every other seat a girl, as the demo.</summary>
    private List<Pupil> Pupils(List<ClassroomDocument> classrooms)
    {
        var pupils = new List<Pupil>(school.Students);
        var number = 1001;
        for (var c = 0; c < classrooms.Count; c++)
        {
            var classroom = classrooms[c];
            var size = school.Students / classrooms.Count + (c < school.Students % classrooms.Count ? 1 : 0);
            for (var seat = 0; seat < size; seat++, number++)
            {
                var girl = seat % 2 == 1;
                var (surname, name) = Names.Child(_rng, girl);
                var boarding = school.Mode switch
                {
                    BoardingMode.Day => false,
                    BoardingMode.Boarding => true,
                    _ => _rng.Chance(school.BoardingPercent),
                };
                pupils.Add(new Pupil($"S{number}", name, int.Parse(classroom.Grade, CultureInfo.InvariantCulture), classroom.Id, girl, boarding, Guardians(number, surname)));
            }
        }
        return pupils;
    }

    /// <summary>One guardian, or two for 45% of students, with varied notice preferences (as make-roster.py).</summary>
    private List<Guardian> Guardians(int number, string surname)
    {
        var count = _rng.Chance(45) ? 2 : 1;
        var guardians = new List<Guardian>(count);
        for (var g = 1; g <= count; g++)
        {
            var guardianSurname = g == 1 ? surname : _rng.Pick(Names.Surnames);
            var contact = $"+86 13{school.Number % 10} {_rng.Next(10000):0000} {number % 10000:0000}";
            guardians.Add(new Guardian($"G{number}-{g}", $"{guardianSurname} {_rng.Pick(Names.Adult)}", contact, _rng.Weighted(Roster.Notices)));
        }
        return guardians;
    }

    /// <summary>
    /// Houses for the boarders: boys' named after trees, girls' after flowers, each holding up to
    /// <see cref="DormCapacity"/> boarders of neighbouring grades (younger first). Sets each boarder's dorm.
    /// </summary>
    private static List<DormDocument> Dorms(List<Pupil> pupils)
    {
        var dorms = new List<DormDocument>();
        foreach (var (girls, names) in new[] { (false, Names.Trees), (true, Names.Flowers) })
        {
            var boarders = pupils.Where(p => p.Boarding && p.Girl == girls).ToList();
            if (boarders.Count == 0) continue;
            var houses = Math.Min(names.Length, (boarders.Count + DormCapacity - 1) / DormCapacity);
            for (var h = 0; h < houses; h++)
            {
                var members = boarders[(boarders.Count * h / houses)..(boarders.Count * (h + 1) / houses)];
                var id = "dorm-" + names[h].ToLowerInvariant();
                foreach (var pupil in members) pupil.DormId = id;
                var (youngest, oldest) = (members.Min(p => p.Grade), members.Max(p => p.Grade));
                var grades = youngest == oldest ? $"grade {youngest}" : $"grades {youngest}-{oldest}";
                var (curfew, wakeUp, rollCall) = Night(youngest);
                dorms.Add(new DormDocument(id, $"{names[h]} House ({(girls ? "girls" : "boys")}, {grades})", curfew, wakeUp, rollCall));
            }
        }
        return dorms;
    }

    /// <summary>
    /// Curfew, wake-up and roll call by the youngest grade of a house. Wake-up is at 06:10 at the
    /// latest: the model's boarders leave their dorm from 06:20, and leaving before wake-up is a night exit.
    /// </summary>
    private static (string Curfew, string WakeUp, string RollCall) Night(int youngestGrade) => youngestGrade switch
    {
        <= 6 => ("20:30", "06:10", "20:40"),
        <= 9 => ("21:30", "06:00", "21:40"),
        _ => ("22:00", "06:10", "22:10"),
    };

    private List<GateDocument> Gates() => school.Stage switch
    {
        Stage.VillagePrimary or Stage.SpecialEducation => [new("gate-main", "Main Gate")],
        Stage.SeniorHigh => [new("gate-north", "North Gate"), new("gate-south", "South Gate"), new("gate-east", "East Gate")],
        _ => [new("gate-main", "Main Gate"), new("gate-east", "East Gate")],
    };

    /// <summary>
    /// Camera zones: most schools have a hazard (a pond, a riverbank, a rooftop; some two, some none),
    /// schools with labs or workshops a restricted room, every school a playground; a canteen where
    /// children eat at school, a library at the bigger ones.
    /// </summary>
    private List<ZoneDocument> Zones()
    {
        var zones = new List<ZoneDocument>();
        var hazards = _rng.Next(100) switch { < 22 => 0, < 85 => 1, _ => 2 };
        var first = _rng.Next(Names.Hazards.Length);
        for (var i = 0; i < hazards; i++)
        {
            var (id, name) = Names.Hazards[(first + i) % Names.Hazards.Length];
            zones.Add(new ZoneDocument(id, name, "hazard"));
        }
        if (school.Stage is Stage.JuniorMiddle or Stage.NineYear or Stage.SeniorHigh) zones.Add(new ZoneDocument("chem-lab", "Chemistry Lab", "restricted", "08:00", "17:00"));
        if (school.Stage is Stage.Vocational) zones.Add(new ZoneDocument("workshop", "Machine Workshop", "restricted", "08:00", "17:30"));
        zones.Add(new ZoneDocument("playground", "Playground", "normal"));
        if (school.Mode != BoardingMode.Day || school.Students >= 300) zones.Add(new ZoneDocument("canteen", "Canteen", "normal"));
        if (school.Students >= 400) zones.Add(new ZoneDocument("library", "Library", "normal"));
        return zones;
    }

    /// <summary>
    /// A reader per gate and dorm door, a class-board per class (school hours only), a camera per
    /// zone (village schools' report every two minutes) and an emergency button at the main gate,
    /// plus one in a girls' house (or the first house) where children board, or on the playground
    /// of a big day school.
    /// </summary>
    private List<DeviceDocument> Devices(List<GateDocument> gates, List<DormDocument> dorms, List<ClassroomDocument> classrooms, List<ZoneDocument> zones)
    {
        var camera = school.Stage == Stage.VillagePrimary ? "00:02:00" : "00:01:00";
        var devices = new List<DeviceDocument>();
        devices.AddRange(gates.Select(g => new DeviceDocument($"{g.Id}-reader", "gate-reader", g.Id, "00:01:00")));
        devices.AddRange(dorms.Select(d => new DeviceDocument($"{d.Id}-reader", "dorm-reader", d.Id, "00:01:00")));
        devices.AddRange(classrooms.Select(c => new DeviceDocument($"{c.Id}-board", "class-board", c.Id, "00:05:00", "07:00", "18:00")));
        devices.AddRange(zones.Select(z => new DeviceDocument($"cam-{z.Id}", "camera", z.Id, camera)));
        devices.Add(new DeviceDocument($"panic-{gates[0].Id}", "panic-button", gates[0].Id, "01:00:00"));
        var second = dorms.FirstOrDefault(d => d.Name.Contains("girls", StringComparison.Ordinal))?.Id ?? dorms.FirstOrDefault()?.Id
            ?? (school.Students >= 600 ? "playground" : null);
        if (second is not null) devices.Add(new DeviceDocument($"panic-{second}", "panic-button", second, "01:00:00"));
        return devices;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
