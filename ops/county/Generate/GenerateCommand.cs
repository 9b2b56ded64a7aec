using System.Globalization;
using Campus.Actors.Reference;

namespace Campus.County.Generate;

/// <summary>
/// <c>generate --out &lt;dir&gt;</c>: writes the county's 120 campuses, each in its own folder
/// (<c>c001/campus.json</c> and <c>c001/roster.csv</c>), then loads every one back with
/// <see cref="ManifestLoader.LoadFiles"/> and checks the county's totals: exit code 1 on any error.
/// </summary>
public static class GenerateCommand
{
    public const string ManifestFile = "campus.json";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (Arguments.Value(args, "--out") is not { } folder)
        {
            error.WriteLine("usage: Campus.County generate --out <dir>");
            return 2;
        }

        var schools = CountyPlan.Create().Select(p => new SchoolBuilder(p).Build()).ToList();
        foreach (var school in schools)
        {
            var directory = Directory.CreateDirectory(Path.Combine(folder, school.Profile.CampusId)).FullName;
            File.WriteAllText(Path.Combine(directory, ManifestFile), school.Manifest.ToJson());
            File.WriteAllText(Path.Combine(directory, school.Manifest.Roster), Roster.Csv(school.Pupils));
        }

        var problems = Check(folder, schools);
        foreach (var problem in problems) error.WriteLine(problem);
        Summarise(Path.GetFullPath(folder), schools, problems.Count, output);
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Every written manifest must load without errors and hold the students planned; the county must add up.</summary>
    private static List<string> Check(string folder, List<GeneratedSchool> schools)
    {
        var problems = new List<string>();
        var loaded = 0;
        foreach (var school in schools)
        {
            var path = Path.Combine(folder, school.Profile.CampusId, ManifestFile);
            var result = ManifestLoader.LoadFiles(path);
            if (!result.IsValid)
            {
                problems.AddRange(result.Errors.Select(e => $"{path}: {e}"));
                continue;
            }
            if (result.Manifest.Students.Length != school.Profile.Students)
                problems.Add($"{path}: {result.Manifest.Students.Length} students loaded, {school.Profile.Students} planned");
            loaded += result.Manifest.Students.Length;
        }
        if (schools.Count != CountyPlan.SchoolCount) problems.Add($"{schools.Count} schools written, {CountyPlan.SchoolCount} planned");
        if (problems.Count == 0 && loaded != CountyPlan.TotalStudents) problems.Add($"{loaded} students loaded, {CountyPlan.TotalStudents} planned");
        return problems;
    }

    private static void Summarise(string folder, List<GeneratedSchool> schools, int problems, TextWriter output)
    {
        string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
        var students = schools.Sum(s => s.Pupils.Count);
        output.WriteLine($"{schools.Count} campuses, {N(students)} students ({N(schools.Min(s => s.Pupils.Count))} to {N(schools.Max(s => s.Pupils.Count))} per school) in {folder}");
        foreach (var group in schools.GroupBy(s => s.Profile.Mode).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {group.Key,-9} {group.Count(),3} schools, {N(group.Sum(s => s.Pupils.Count)),6} students, {N(group.Sum(s => s.Pupils.Count(p => p.Boarding))),6} boarders, {group.Sum(s => s.Manifest.Dorms.Count),3} dorms");
        }
        foreach (var group in schools.GroupBy(s => s.Profile.Stage).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {group.Key,-16} {group.Count(),3} schools, {N(group.Sum(s => s.Pupils.Count)),6} students");
        }
        var devices = schools.SelectMany(s => s.Manifest.Devices).ToList();
        output.WriteLine($"  {N(schools.Sum(s => s.Manifest.Classrooms.Count))} classes, {N(devices.Count)} devices: "
            + string.Join(", ", devices.GroupBy(d => d.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{N(g.Count())} {g.Key}")));
        output.WriteLine(problems == 0
            ? "  every manifest loads with ManifestLoader.LoadFiles without errors"
            : $"  {problems} problems (listed on standard error)");
    }
}
