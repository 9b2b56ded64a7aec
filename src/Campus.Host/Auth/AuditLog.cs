using System.Text;
using System.Text.Json;

namespace Campus.Host.Auth;

/// <summary>One operator action: who (user name and role), when (the host's clock), what, on what, and how it ended.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Who, string? Role, string Action, string? CampusId, string? Target, string Outcome, string? Detail = null);

/// <summary>
/// The append-only audit trail, <c>audit.jsonl</c> in the data folder: one JSON line per action,
/// flushed to disk before the call returns. Read back by <c>GET /api/v1/audit</c> (admins).
/// </summary>
public sealed class AuditLog(string? path, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _memory = [];

    /// <summary>Records an action by a user name (signed in or not).</summary>
    public AuditEntry Record(string who, string? role, string action, string? campusId, string? target, string outcome, string? detail = null)
    {
        var entry = new AuditEntry(clock.GetUtcNow(), who, role, action, campusId, target, outcome, detail);
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
}
