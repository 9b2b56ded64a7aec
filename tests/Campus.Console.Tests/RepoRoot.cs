namespace Campus.Console.Tests;

/// <summary>The repository root: the first folder up from the test binaries that holds CampusOps.sln.</summary>
public static class RepoRoot
{
    public static string Folder { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "CampusOps.sln"))) return folder.FullName;
        throw new InvalidOperationException($"CampusOps.sln not found above {AppContext.BaseDirectory}");
    }
}
