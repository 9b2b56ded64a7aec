using System.ComponentModel.DataAnnotations;

namespace Campus.Host.Storage;

/// <summary>Where the runtime keeps its log and state: the <c>Campus</c> configuration section.</summary>
public sealed class CampusStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Campus";

    /// <summary><c>sqlite</c> (embedded, the default: one file, no server) or <c>postgres</c>.</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Campus:Store must be 'sqlite' or 'postgres'.")]
    public string Store { get; set; } = "sqlite";

    /// <summary>
    /// For sqlite, the database file (default <c>data/campus.db</c> under the working folder);
    /// for postgres, an Npgsql connection string (required).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The fixed number of shards of the deployment. Set once; changing it later moves campuses between shards.</summary>
    [Range(1, 65_536)]
    public int ShardCount { get; set; } = 16;

    /// <summary>This node's name in the shard ownership table (default: the machine name).</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// How many inputs may wait for the store before devices and operators are answered
    /// <c>429</c> with <c>Retry-After</c>. At least one full batch of events (1,000).
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int MaxPendingInputs { get; set; } = 50_000;
}
