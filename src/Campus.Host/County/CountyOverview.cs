using System.Data.Common;
using Campus.Actors.Alerts;
using Campus.Actors.Entities;
using Campus.Host.Campus;
using Campus.Host.Storage;

namespace Campus.Host.County;

/// <summary>
/// The county wall's reads from the read model, for any number of campuses at once: one grouped
/// query per table (<c>read_alerts</c> twice: counts by severity, the oldest unacknowledged critical
/// alert per campus; <c>read_presence</c>, <c>read_devices</c>, <c>read_leaves</c>), never one per
/// campus, each restricted to the campuses asked for by their key (so the tables' primary keys and
/// the alerts' <c>(campus_id, status)</c> index serve them, however much history the tables hold).
/// The tiles themselves are <see cref="CountyTiles"/>'s pure functions.
/// </summary>
public sealed class CountyOverview(HostDatabase database, CampusDirectory directory, MessageCodec codec, TimeProvider clock)
{
    /// <summary>The statuses of an open (not resolved) alert, listed so that the status index serves the query.</summary>
    private const string OpenStatuses = "('open', 'acknowledged', 'escalated')";

    /// <summary>The tiles of <paramref name="campusIds"/> (those this host serves), now, in the order of attention.</summary>
    public async Task<IReadOnlyList<CampusTile>> TilesAsync(IEnumerable<string> campusIds, CancellationToken cancellationToken = default)
    {
        var campuses = campusIds.Distinct(StringComparer.Ordinal).Select(directory.Find).OfType<Actors.Reference.CampusManifest>().ToList();
        if (campuses.Count == 0) return [];
        var now = clock.GetUtcNow();
        var figures = campuses.ToDictionary(c => c.CampusId, _ => new CampusFigures(), StringComparer.Ordinal);
        var (filter, parameters) = CampusFilter(figures.Keys);
        var severity = JsonField("body", "severity");
        await using var connection = await database.OpenAsync(cancellationToken);

        await ReadAsync(connection, $"""
            SELECT campus_id, {severity}, count(*) FROM read_alerts
            WHERE {filter} AND status IN {OpenStatuses} GROUP BY 1, 2
            """, parameters, r =>
            {
                if (!r.IsDBNull(1)) figures[r.GetString(0)].OpenAlerts[r.GetString(1)] = (int)r.GetInt64(2);
            }, cancellationToken);
        await ReadAsync(connection, $"""
            SELECT campus_id, alert_id, raised_at, message FROM (
                SELECT campus_id, alert_id, raised_at, {JsonField("body", "message")} AS message,
                    row_number() OVER (PARTITION BY campus_id ORDER BY raised_at, alert_id) AS n
                FROM read_alerts WHERE {filter} AND status IN ('open', 'escalated') AND {severity} = 'critical') AS unacknowledged
            WHERE n = 1
            """, parameters, r => figures[r.GetString(0)].OldestUnacknowledgedCritical =
                new UnacknowledgedAlert(r.GetString(1), r.IsDBNull(3) ? "" : r.GetString(3), new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero)), cancellationToken);
        await ReadAsync(connection, $"SELECT campus_id, to_location, count(*) FROM read_presence WHERE {filter} GROUP BY campus_id, to_location",
            parameters, r => figures[r.GetString(0)].StudentsAt[r.GetString(1)] = (int)r.GetInt64(2), cancellationToken);
        await ReadAsync(connection, $"SELECT campus_id, device_id FROM read_devices WHERE {filter} AND NOT online",
            parameters, r => figures[r.GetString(0)].OfflineDevices.Add(r.GetString(1)), cancellationToken);
        await ReadAsync(connection, $"SELECT DISTINCT campus_id, student_id FROM read_leaves WHERE {filter} AND from_at <= @at AND to_at > @at",
            [.. parameters, ("at", now.UtcTicks)], r => figures[r.GetString(0)].OnLeave.Add(r.GetString(1)), cancellationToken);

        return CountyTiles.Sorted(campuses.Select(c => CountyTiles.Tile(c, figures[c.CampusId], now)));
    }

    /// <summary>The open critical and high alerts of <paramref name="campusIds"/>, newest first (by when they were raised), at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<AlertChanged>> AlertsAsync(IEnumerable<string> campusIds, int max, CancellationToken cancellationToken = default)
    {
        var campuses = campusIds.Where(c => directory.Find(c) is not null).Distinct(StringComparer.Ordinal).ToList();
        if (campuses.Count == 0) return [];
        var (filter, parameters) = CampusFilter(campuses);
        var alerts = new List<AlertChanged>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await ReadAsync(connection, $"""
            SELECT body FROM read_alerts
            WHERE {filter} AND status IN {OpenStatuses} AND {JsonField("body", "severity")} IN ('critical', 'high')
            ORDER BY raised_at DESC, alert_id LIMIT @max
            """, [.. parameters, ("max", (long)max)],
            r => alerts.Add((AlertChanged)codec.Decode(codec.NameOf(typeof(AlertChanged)), System.Text.Encoding.UTF8.GetBytes(r.GetString(0)))), cancellationToken);
        return alerts;
    }

    /// <summary>A top-level string field of a JSON text column, in the database's dialect.</summary>
    private string JsonField(string column, string field) =>
        database.IsSqlite ? $"json_extract({column}, '$.{field}')" : $"({column}::json ->> '{field}')";

    /// <summary><c>campus_id IN (@c0, @c1, ...)</c> and its parameters.</summary>
    private static (string Filter, (string, object?)[] Parameters) CampusFilter(IEnumerable<string> campusIds)
    {
        var parameters = campusIds.Select((c, i) => ($"c{i}", (object?)c)).ToArray();
        return ($"campus_id IN ({string.Join(", ", parameters.Select(p => "@" + p.Item1))})", parameters);
    }

    private static async Task ReadAsync(DbConnection connection, string sql, (string, object?)[] parameters, Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        await using var command = HostDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) read(reader);
    }
}
