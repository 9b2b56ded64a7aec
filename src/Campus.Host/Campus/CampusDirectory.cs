using System.Collections.Concurrent;
using Campus.Actors.Reference;

namespace Campus.Host.Campus;

/// <summary>The campuses this host serves, with their reference data (names, layout, roster), for queries and the console.</summary>
public sealed class CampusDirectory
{
    private readonly ConcurrentDictionary<string, CampusManifest> _campuses = new(StringComparer.Ordinal);

    /// <summary>Every campus, by id.</summary>
    public IReadOnlyDictionary<string, CampusManifest> Campuses => _campuses;

    /// <summary>Adds or replaces a campus.</summary>
    public void Set(CampusManifest manifest) => _campuses[manifest.CampusId] = manifest;

    /// <summary>The campus, or null when this host does not serve it.</summary>
    public CampusManifest? Find(string campusId) => _campuses.GetValueOrDefault(campusId);
}
