namespace Campus.County;

/// <summary>Reads <c>--name value</c> (or <c>--name=value</c>) options from the command line.</summary>
public static class Arguments
{
    /// <summary>The value of option <paramref name="name"/>, or null when it is absent.</summary>
    public static string? Value(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == name) return i + 1 < args.Count ? args[i + 1] : null;
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
        }
        return null;
    }

    /// <summary>The options given that are not in <paramref name="known"/> (typos should stop a long run before it starts).</summary>
    public static IEnumerable<string> Unknown(IReadOnlyList<string> args, IReadOnlyCollection<string> known) =>
        args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.Split('=')[0]).Where(a => !known.Contains(a));
}
