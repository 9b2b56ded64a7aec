using Campus.Actors.Reference;

namespace Campus.Host.Campus;

/// <summary>Loads the campus manifests named in the options (and the demo campus in demo mode), refusing to start on an invalid one.</summary>
public static class CampusManifests
{
    /// <summary>The demo manifest, copied next to the host's binaries.</summary>
    public static string DemoManifestPath => Path.Combine(AppContext.BaseDirectory, "demo", "campus.json");

    /// <summary>Every configured manifest, loaded and validated; throws with every error when one is invalid.</summary>
    public static IReadOnlyList<CampusManifest> Load(CampusOptions options, string contentRoot)
    {
        var paths = options.Manifests.Select(p => Path.GetFullPath(p, contentRoot)).ToList();
        if (options.Demo) paths.Insert(0, DemoManifestPath);
        var manifests = new List<CampusManifest>();
        foreach (var path in paths)
        {
            var result = ManifestLoader.LoadFiles(path);
            if (!result.IsValid)
                throw new InvalidOperationException($"The campus manifest {path} is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", result.Errors));
            if (manifests.Any(m => m.CampusId == result.Manifest.CampusId))
                throw new InvalidOperationException($"Two manifests define campus '{result.Manifest.CampusId}' ({path}).");
            manifests.Add(result.Manifest);
        }
        return manifests;
    }
}
