using System.Reflection;

namespace Campus.Actors.Storage;

/// <summary>
/// The versioned SQL migrations of one provider, embedded from <c>ops/migrations/{provider}/</c>.
/// A file is named <c>NNNN_description.sql</c>; NNNN is its version. They apply in version order,
/// each once, recorded in the <c>schema_migrations</c> table.
/// </summary>
public static class MigrationScripts
{
    /// <summary>A migration: its version, its file name, its SQL.</summary>
    public sealed record Migration(int Version, string Name, string Sql);

    /// <summary>The migrations of <paramref name="provider"/> ("sqlite" or "postgres") in version order.</summary>
    public static IReadOnlyList<Migration> For(string provider)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = $"migrations.{provider}.";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var name = resource[prefix.Length..];
            var underscore = name.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), out var version))
                throw new InvalidOperationException($"Migration '{name}' must be named NNNN_description.sql.");
            list.Add(new Migration(version, name, Read(assembly, resource)));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        return list;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded migration {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
