using System.Text;
using System.Text.Json;
using Npgsql;

namespace Campus.Host.Auth;

/// <summary>One operator action: who (user name and role), when (the host's clock), what, on what, and how it ended.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Who, string? Role, string Action, string? CampusId, string? Target, string Outcome, string? Detail = null);

/// <summary>
/// The append-only audit trail: <c>audit.jsonl</c> in the data folder on the embedded default (one
/// JSON line per action, flushed to disk before the call returns), or the table
/// <c>audit_entries</c> every node of a cluster writes to on PostgreSQL (an entry written on any
/// node is listed once, by every node). Read back by <c>GET /api/v1/audit</c> (admins).
/// </summary>
public sealed class AuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string? path;
    private readonly NpgsqlDataSource? postgres;
    private readonly TimeProvider clock;
    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _memory = [];

    /// <summary>The file <paramref name="path"/> (null: in memory, for tests).</summary>
    public AuditLog(string? path, TimeProvider clock)
    {
        this.path = path;
        this.clock = clock;
    }

    /// <summary>The cluster's table <c>audit_entries</c> (migration 0003).</summary>
    public AuditLog(NpgsqlDataSource postgres, TimeProvider clock)
    {
        this.postgres = postgres;
        this.clock = clock;
    }

    /// <summary>Records an action by a user name (signed in or not).</summary>
    public AuditEntry Record(string who, string? role, string action, string? campusId, string? target, string outcome, string? detail = null)
    {
        var entry = new AuditEntry(clock.GetUtcNow(), who, role, action, campusId, target, outcome, detail);
        if (postgres is not null)
        {
            using var connection = postgres.OpenConnection();
            using var insert = new NpgsqlCommand("INSERT INTO audit_entries (at, body) VALUES (@at, @body)", connection);
            insert.Parameters.AddWithValue("at", entry.At.UtcTicks);
            insert.Parameters.AddWithValue("body", JsonSerializer.Serialize(entry, Json));
            insert.ExecuteNonQuery();
            return entry;
        }
        lock (_gate)
        {
            if (path is null)
            {
                _memory.Add(entry);
                return entry;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n");
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
        return entry;
    }

    /// <summary>Records an action of a signed-in user.</summary>
    public AuditEntry Record(CampusUser user, string action, string? campusId, string? target, string outcome, string? detail = null) =>
        Record(user.UserName, user.Role, action, campusId, target, outcome, detail);

    /// <summary>The entries whose time is in [from, to), oldest first.</summary>
    public IReadOnlyList<AuditEntry> List(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (postgres is not null) return ListFromTable(from, to);
        List<AuditEntry> entries;
        lock (_gate)
        {
            if (path is null) entries = [.. _memory];
            else if (!File.Exists(path)) entries = [];
            else
            {
                entries = [];
                foreach (var line in File.ReadLines(path))
                {
                    if (string.IsNullOrWhiteSpace(line)) continue;
                    try
                    {
                        if (JsonSerializer.Deserialize<AuditEntry>(line, Json) is { } entry) entries.Add(entry);
                    }
                    catch (JsonException)
                    {
                        // A line torn by a crash mid-write: the entries around it still count.
                    }
                }
            }
        }
        return [.. entries.Where(e => (from is null || e.At >= from) && (to is null || e.At < to))];
    }

    private List<AuditEntry> ListFromTable(DateTimeOffset? from, DateTimeOffset? to)
    {
        using var connection = postgres!.OpenConnection();
        using var select = new NpgsqlCommand("SELECT body FROM audit_entries WHERE at >= @from AND at < @to ORDER BY at, id", connection);
        select.Parameters.AddWithValue("from", from?.UtcTicks ?? long.MinValue);
        select.Parameters.AddWithValue("to", to?.UtcTicks ?? long.MaxValue);
        using var reader = select.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            if (JsonSerializer.Deserialize<AuditEntry>(reader.GetString(0), Json) is { } entry) entries.Add(entry);
        }
        return entries;
    }
}
