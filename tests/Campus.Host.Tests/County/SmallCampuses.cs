using System.Text.Json.Nodes;

namespace Campus.Host.Tests.County;

/// <summary>
/// Small campuses for county tests: copies of the demo campus (its layout and devices) under another
/// id and name, with the first lines of the demo roster (a student with two guardians has two). The host loads them with
/// <c>Campus:Manifests:N</c> settings beside the demo campus.
/// </summary>
public static class SmallCampuses
{
    /// <summary>Writes the campus <paramref name="campusId"/> into <paramref name="folder"/>/<paramref name="campusId"/>; returns its manifest's path.</summary>
    public static string Write(string folder, string campusId, string name, int rosterLines)
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "demo");
        var directory = Directory.CreateDirectory(Path.Combine(folder, campusId)).FullName;
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(demo, "campus.json")))!.AsObject();
        manifest["campusId"] = campusId;
        manifest["name"] = name;
        manifest.Remove("leaves"); // they name students of the whole roster
        var roster = (string?)manifest["roster"] ?? "roster.csv";
        File.WriteAllText(Path.Combine(directory, "campus.json"), manifest.ToJsonString());
        File.WriteAllLines(Path.Combine(directory, roster), File.ReadLines(Path.Combine(demo, roster)).Take(rosterLines + 1));
        return Path.Combine(directory, "campus.json");
    }

    /// <summary>The settings that load the manifests at <paramref name="paths"/> beside the demo campus.</summary>
    public static (string Key, string Value)[] Settings(IEnumerable<string> paths) =>
        [.. paths.Select((path, i) => ($"Campus:Manifests:{i}", path))];
}
