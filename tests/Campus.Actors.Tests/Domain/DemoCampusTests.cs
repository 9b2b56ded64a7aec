using System.Text.Json;
using Campus.Actors.Reference;

namespace Campus.Actors.Tests.Domain;

/// <summary>The demo campus in ops/demo (Huajing Experimental School) loads and has the promised shape.</summary>
public sealed class DemoCampusTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    private static readonly Lazy<ManifestLoadResult> Demo = new(() => ManifestLoader.LoadFiles(Path.Combine(RepoRoot, "ops", "demo", "campus.json")));

    private static CampusManifest Manifest => Demo.Value.Manifest ?? throw new InvalidOperationException(string.Join("\n", Demo.Value.Errors));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CampusOps.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("CampusOps.sln not found above the test directory");
    }

    [Fact]
    public void The_demo_manifest_and_its_roster_load_without_errors()
    {
        Assert.Empty(Demo.Value.Errors);
        Assert.Equal(("hj", "Huajing Experimental School", "Asia/Shanghai"), (Manifest.CampusId, Manifest.Name, Manifest.TimeZone));
    }

    [Fact]
    public void The_demo_campus_has_two_gates_a_vehicle_gate_four_dorms_and_twenty_classrooms()
    {
        Assert.Equal(["gate-north", "gate-south", "gate-east"], Manifest.Gates.Select(g => g.Id));
        Assert.Equal(4, Manifest.Dorms.Length);
        Assert.Equal(20, Manifest.Classrooms.Length);
        Assert.Equal(["7", "8", "9", "10", "11"], Manifest.Classrooms.Select(c => c.Grade).Distinct());
    }

    [Fact]
    public void The_demo_campus_has_six_zones_with_the_pond_and_rooftop_as_hazards()
    {
        Assert.Equal(6, Manifest.Zones.Length);
        Assert.Equal(ZoneKind.Hazard, Manifest.Zones.Single(z => z.Id == "pond").Kind);
        Assert.Equal(ZoneKind.Hazard, Manifest.Zones.Single(z => z.Id == "rooftop").Kind);
        Assert.Equal(new ZoneInfo("chem-lab", "Chemistry Lab", ZoneKind.Restricted, new(8, 0), new(17, 0)), Manifest.Zones.Single(z => z.Id == "chem-lab"));
    }

    [Fact]
    public void The_demo_roster_has_640_students_about_sixty_percent_boarding_each_with_one_or_two_guardians()
    {
        Assert.Equal(640, Manifest.Students.Length);
        Assert.InRange(Manifest.Students.Count(s => s.Boarding), 350, 420);
        Assert.All(Manifest.Students, s => Assert.InRange(s.Guardians.Length, 1, 2));
        Assert.All(Manifest.Classrooms, c => Assert.Equal(32, Manifest.Students.Count(s => s.ClassId == c.Id)));
        Assert.All(Manifest.Dorms, d => Assert.Contains(Manifest.Students, s => s.DormId == d.Id));
    }

    [Fact]
    public void Every_demo_device_is_at_a_place_of_the_campus()
    {
        var places = Manifest.Gates.Select(g => g.Id)
            .Concat(Manifest.Dorms.Select(d => d.Id))
            .Concat(Manifest.Classrooms.Select(c => c.Id))
            .Concat(Manifest.Zones.Select(z => z.Id))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(Manifest.Devices, d => Assert.Contains(d.LocationId, places));
        Assert.Equal(2 + 4 + 20 + 6 + 2 + 2, Manifest.Devices.Length);
        Assert.Single(Manifest.Devices, d => d.Kind == DeviceKind.PlateCamera && d.LocationId == "gate-east");
        Assert.Single(Manifest.Devices, d => d.Kind == DeviceKind.VisitorKiosk && d.LocationId == "gate-north");
        Assert.Equal(2, Manifest.Devices.Count(d => d.Kind == DeviceKind.PanicButton));
    }

    [Fact]
    public void The_demo_calendar_skips_national_day_and_holds_school_on_its_make_up_saturday()
    {
        var calendar = Manifest.Rules.Calendar;

        Assert.False(calendar.IsSchoolDay(new DateOnly(2026, 10, 5)));
        Assert.True(calendar.IsSchoolDay(new DateOnly(2026, 10, 10)));
        Assert.False(calendar.IsSchoolDay(new DateOnly(2027, 1, 1)));
        Assert.Equal(8, Manifest.Rules.Periods.Length);
    }

    [Fact]
    public void The_demo_has_two_leaves_in_november_2026()
    {
        Assert.Equal(2, Manifest.Leaves.Length);
        Assert.All(Manifest.Leaves, l => Assert.Equal((2026, 11), (l.From.Year, l.From.Month)));
    }

    [Fact]
    public void Every_top_level_key_of_the_demo_manifest_is_declared_in_the_schema()
    {
        using var demo = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "ops", "demo", "campus.json")));
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "docs", "campus-manifest.schema.json")));

        var declared = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(demo.RootElement.EnumerateObject(), p => Assert.Contains(p.Name, declared));
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }
}
