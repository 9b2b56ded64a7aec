using System.ComponentModel.DataAnnotations;

namespace Campus.Host.Storage;

/// <summary>Where the host keeps the entities' journal and its own tables: the <c>Campus</c> configuration section.</summary>
public sealed class CampusStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Campus";

    /// <summary>The error of a PostgreSQL store without a connection string (start-up and <c>create-admin</c>).</summary>
    public const string ConnectionStringRequired = "Campus:ConnectionString is required when Campus:Store is 'postgres'.";

    /// <summary><c>sqlite</c> (embedded, the default: files, no server) or <c>postgres</c>.</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Campus:Store must be 'sqlite' or 'postgres'.")]
    public string Store { get; set; } = "sqlite";

    /// <summary>
    /// For sqlite, the journal's database file (default <c>data/campus.db</c> under the content
    /// root; the host's own tables go in <c>host.db</c> beside it); for postgres, an Npgsql
    /// connection string (required) for one database that holds both.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How much work (inputs not yet stored, tells not yet delivered) may be in flight before
    /// devices and operators are answered <c>429</c> with <c>Retry-After</c>. At least one full
    /// batch of events (1,000).
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int MaxPendingInputs { get; set; } = 20_000;

    /// <summary>The journal's SQLite file (sqlite only).</summary>
    public string JournalFile(string contentRoot) => Path.GetFullPath(ConnectionString ?? Path.Combine("data", "campus.db"), contentRoot);

    /// <summary>The host's own SQLite file, beside the journal's (sqlite only).</summary>
    public string HostFile(string contentRoot) => Path.Combine(Path.GetDirectoryName(JournalFile(contentRoot))!, "host.db");
}
