using System.Collections.Concurrent;
using System.Collections.Frozen;
using Campus.Actors.Reference;

namespace Campus.Host.Campus;

/// <summary>The campuses this host serves, with their reference data (names, layout, roster), for queries and the console.</summary>
public sealed class CampusDirectory
{
    private readonly ConcurrentDictionary<string, CampusManifest> _campuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FrozenDictionary<string, StudentInfo>> _students = new(StringComparer.Ordinal);

    /// <summary>Every campus, by id.</summary>
    public IReadOnlyDictionary<string, CampusManifest> Campuses => _campuses;

    private string? _firstId;

    /// <summary>Adds or replaces a campus (and its roster index).</summary>
    public void Set(CampusManifest manifest)
    {
        _students[manifest.CampusId] = manifest.Students.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);
        _campuses[manifest.CampusId] = manifest;
        Interlocked.CompareExchange(ref _firstId, manifest.CampusId, null);
    }

    /// <summary>
    /// The campus set first (the demo campus in demo mode, else the first manifest configured), or
    /// null when there is none. Not <c>Campuses.Values.First()</c>: a dictionary's order is not the
    /// order of loading.
    /// </summary>
    public CampusManifest? First => _firstId is { } id ? Find(id) : null;

    /// <summary>The campus, or null when this host does not serve it.</summary>
    public CampusManifest? Find(string campusId) => _campuses.GetValueOrDefault(campusId);

    /// <summary>A student on a campus's roster, or null (looked up by id, not by scanning the roster).</summary>
    public StudentInfo? Student(string campusId, string studentId) =>
        _students.TryGetValue(campusId, out var roster) ? roster.GetValueOrDefault(studentId) : null;
}
