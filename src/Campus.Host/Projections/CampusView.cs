using System.Data.Common;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Actors.Zones;
using Campus.Host.Storage;

namespace Campus.Host.Projections;

/// <summary>
/// The queries of the read model (the tables <see cref="ReadModelProjection"/> keeps): alerts,
/// presence, camera zone counts, device health, leaves, a student's timeline, inputs set aside,
/// visits, the vehicle log and the vehicles inside, the watch list.
/// A read just after a change may not see it yet (the projection follows the journal within a
/// fraction of a second); a caller that must see what a client was just shown calls
/// <see cref="CatchUpAsync"/> first.
/// </summary>
public sealed class CampusView(HostDatabase database, MessageCodec codec, ReadModelProjection projection)
{
    /// <summary>Waits until the read model holds every output journaled so far (at most 10 s).</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken = default) => projection.CatchUpAsync(TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>One alert by campus and id, or null.</summary>
    public async Task<AlertChanged?> AlertAsync(string campusId, string alertId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT body FROM read_alerts WHERE campus_id = @campus AND alert_id = @id", r => Read<AlertChanged>(r, 0), cancellationToken,
            ("campus", campusId), ("id", alertId))).FirstOrDefault();

    /// <summary>
    /// One alert, waiting for the read model to catch up when it does not know it yet: for a
    /// command about an alert a client has just been shown.
    /// </summary>
    public async Task<AlertChanged?> AlertFreshAsync(string campusId, string alertId, CancellationToken cancellationToken = default)
    {
        if (await AlertAsync(campusId, alertId, cancellationToken) is { } alert) return alert;
        try
        {
            await CatchUpAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The read model is far behind: answer from what it holds.
        }
        return await AlertAsync(campusId, alertId, cancellationToken);
    }

    /// <summary>Alerts of a campus: <c>open</c> (not resolved), <c>all</c>, or one status; raised in [from, to) when given.</summary>
    public Task<IReadOnlyList<AlertChanged>> AlertsAsync(string campusId, string status, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        var sql = "SELECT body FROM read_alerts WHERE campus_id = @campus" + status switch
        {
            "open" => " AND status <> 'resolved'",
            "all" => "",
            _ => " AND status = @status",
        };
        if (from is not null) sql += " AND raised_at >= @from";
        if (to is not null) sql += " AND raised_at < @to";
        return QueryAsync(sql, r => Read<AlertChanged>(r, 0), cancellationToken,
            ("campus", campusId), ("status", status), ("from", from?.UtcTicks), ("to", to?.UtcTicks));
    }

    /// <summary>Where every known student of a campus is.</summary>
    public Task<IReadOnlyList<PresenceChanged>> PresenceAsync(string campusId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT person_id, from_location, to_location, at FROM read_presence WHERE campus_id = @campus", r => Presence(campusId, r), cancellationToken, ("campus", campusId));

    /// <summary>Where one student is, or null when never seen.</summary>
    public async Task<PresenceChanged?> PresenceOfAsync(string campusId, string studentId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT person_id, from_location, to_location, at FROM read_presence WHERE campus_id = @campus AND person_id = @person",
            r => Presence(campusId, r), cancellationToken, ("campus", campusId), ("person", studentId))).FirstOrDefault();

    /// <summary>The last count of each camera zone of a campus that has reported one.</summary>
    public Task<IReadOnlyList<ZoneOccupancyChanged>> ZonesAsync(string campusId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT body FROM read_zones WHERE campus_id = @campus", r => Read<ZoneOccupancyChanged>(r, 0), cancellationToken, ("campus", campusId));

    /// <summary>The last health report of each device of a campus.</summary>
    public Task<IReadOnlyList<DeviceHealthChanged>> DevicesAsync(string campusId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT body FROM read_devices WHERE campus_id = @campus", r => Read<DeviceHealthChanged>(r, 0), cancellationToken, ("campus", campusId));

    /// <summary>The leaves of a campus that cover <paramref name="at"/>, by student.</summary>
    public async Task<IReadOnlyDictionary<string, LeaveApproval>> LeavesAtAsync(string campusId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var leaves = await QueryAsync("SELECT body FROM read_leaves WHERE campus_id = @campus AND from_at <= @at AND to_at > @at ORDER BY leave_id",
            r => Read<LeaveRecorded>(r, 0).Leave, cancellationToken, ("campus", campusId), ("at", at.UtcTicks));
        return leaves.GroupBy(l => l.StudentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>A student's movements and notices between two instants, in time order.</summary>
    public Task<IReadOnlyList<(DateTimeOffset At, object Entry)>> TimelineAsync(string campusId, string studentId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT at, type, body FROM read_timeline WHERE campus_id = @campus AND student_id = @student AND at >= @from AND at < @to ORDER BY at, output_id",
            r => (new DateTimeOffset(r.GetInt64(0), TimeSpan.Zero), codec.Decode(r.GetString(1), System.Text.Encoding.UTF8.GetBytes(r.GetString(2)))),
            cancellationToken, ("campus", campusId), ("student", studentId), ("from", from.UtcTicks), ("to", to.UtcTicks));

    /// <summary>Inputs the entities set aside, newest first (all campuses when <paramref name="campusId"/> is null).</summary>
    public Task<IReadOnlyList<InputSetAside>> SetAsideAsync(string? campusId, int max, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT campus_id, entity, source, event_id, at, message_type, error FROM read_set_aside" + (campusId is null ? "" : " WHERE campus_id = @campus") + " ORDER BY at DESC LIMIT @max",
            r => new InputSetAside(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), new DateTimeOffset(r.GetInt64(4), TimeSpan.Zero), r.GetString(5), r.GetString(6)),
            cancellationToken, ("campus", campusId), ("max", (long)max));

    /// <summary>One visit by its code, or null.</summary>
    public async Task<VisitChanged?> VisitAsync(string campusId, string code, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT body FROM read_visits WHERE campus_id = @campus AND code = @code", r => Read<VisitChanged>(r, 0), cancellationToken,
            ("campus", campusId), ("code", code))).FirstOrDefault();

    /// <summary>
    /// One visit, waiting for the read model to catch up with the journal when it does not know the
    /// visit yet (just registered), or when <paramref name="current"/> says no to the row it holds:
    /// a command about to be refused on that row (a request approved a moment ago still reads as
    /// requested) is decided on the visit as journaled.
    /// </summary>
    public async Task<VisitChanged?> VisitFreshAsync(string campusId, string code, Func<VisitChanged, bool>? current = null, CancellationToken cancellationToken = default)
    {
        if (await VisitAsync(campusId, code, cancellationToken) is { } visit && (current is null || current(visit))) return visit;
        await CatchUpOrGoOnAsync(cancellationToken);
        return await VisitAsync(campusId, code, cancellationToken);
    }

    /// <summary>The watch list as journaled: the read model catches up first, so an add or a remove just answered is in it.</summary>
    public async Task<IReadOnlyList<WatchListChanged>> WatchListFreshAsync(string campusId, CancellationToken cancellationToken = default)
    {
        await CatchUpOrGoOnAsync(cancellationToken);
        return await WatchListAsync(campusId, cancellationToken);
    }

    /// <summary>Lets the read model catch up with the journal; when it is far behind (10 s), goes on with what it holds.</summary>
    private async Task CatchUpOrGoOnAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The read model is far behind: answer from what it holds.
        }
    }

    /// <summary>The visits of a campus expected in [from, to) (their expected stay overlaps it), and every visitor on campus now.</summary>
    public Task<IReadOnlyList<VisitChanged>> VisitsAsync(string campusId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("""
            SELECT body FROM read_visits WHERE campus_id = @campus
            AND ((expected_arrival < @to AND expected_departure >= @from) OR status = 'on-campus')
            ORDER BY expected_arrival, code
            """, r => Read<VisitChanged>(r, 0), cancellationToken, ("campus", campusId), ("from", from.UtcTicks), ("to", to.UtcTicks));

    /// <summary>The vehicle log of a campus in [from, to), in time order.</summary>
    public Task<IReadOnlyList<VehiclePassed>> VehicleLogAsync(string campusId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT body FROM read_vehicle_log WHERE campus_id = @campus AND at >= @from AND at < @to ORDER BY at, output_id",
            r => Read<VehiclePassed>(r, 0), cancellationToken, ("campus", campusId), ("from", from.UtcTicks), ("to", to.UtcTicks));

    /// <summary>The vehicles inside a campus now (their newest confident read was in), by entry time.</summary>
    public Task<IReadOnlyList<VehiclePassed>> VehiclesInsideAsync(string campusId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT body FROM read_vehicles_inside WHERE campus_id = @campus ORDER BY at, plate",
            r => Read<VehiclePassed>(r, 0), cancellationToken, ("campus", campusId));

    /// <summary>The watch list of a campus as staff see it (labels and reasons).</summary>
    public Task<IReadOnlyList<WatchListChanged>> WatchListAsync(string campusId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT body FROM read_watch_list WHERE campus_id = @campus ORDER BY at, entry_id",
            r => Read<WatchListChanged>(r, 0), cancellationToken, ("campus", campusId));

    private static PresenceChanged Presence(string campusId, DbDataReader r) =>
        new(campusId, r.GetString(0), r.GetString(1) is { Length: > 0 } from ? from : null, r.GetString(2), new DateTimeOffset(r.GetInt64(3), TimeSpan.Zero));

    private T Read<T>(DbDataReader reader, int column) =>
        (T)codec.Decode(codec.NameOf(typeof(T)), System.Text.Encoding.UTF8.GetBytes(reader.GetString(column)));

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = HostDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) list.Add(read(reader));
        return list;
    }
}
