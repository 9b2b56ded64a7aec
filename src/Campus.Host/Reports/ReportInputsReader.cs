using System.Data.Common;
using Campus.Actors.Devices;
using Campus.Actors.Entities;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.Host.Projections;
using Campus.Host.Storage;

namespace Campus.Host.Reports;

/// <summary>
/// Reads what a day's report needs from the read model (<see cref="ReadModelProjection"/>'s tables):
/// the campus's moves of the day and its night (<c>read_timeline</c>) and where each student was when
/// the day began, the leaves that overlap it, the alerts raised during it, device health changes
/// (<c>read_device_health</c>) and each device's health when the day began, the day's visits and
/// vehicle log. Bodies are read through the <see cref="MessageCodec"/>, as <see cref="CampusView"/> does.
/// </summary>
public sealed class ReportInputsReader(HostDatabase database, MessageCodec codec, CampusView view)
{
    /// <summary>The inputs of the day <paramref name="window"/> of <paramref name="campus"/>, for a report as of <paramref name="asOf"/>.</summary>
    public async Task<ReportInputs> ReadAsync(CampusManifest campus, ReportWindow window, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campus);
        ArgumentNullException.ThrowIfNull(window);
        var id = campus.CampusId;
        var presence = await QueryAsync("""
            SELECT body FROM read_timeline WHERE campus_id = @campus AND type = @type AND at >= @from AND at < @to ORDER BY at, output_id
            """, Read<PresenceChanged>, cancellationToken,
            ("campus", id), ("type", codec.NameOf(typeof(PresenceChanged))), ("from", window.Start.UtcTicks), ("to", window.NightEnd.UtcTicks));
        var starts = await QueryAsync("""
            SELECT body FROM (
                SELECT body, row_number() OVER (PARTITION BY student_id ORDER BY at DESC, output_id DESC) AS n
                FROM read_timeline WHERE campus_id = @campus AND type = @type AND at >= @since AND at < @from) latest
            WHERE n = 1
            """, Read<PresenceChanged>, cancellationToken,
            ("campus", id), ("type", codec.NameOf(typeof(PresenceChanged))), ("since", Math.Max(0L, window.Start.UtcTicks - ReportWindow.LookBack.Ticks)), ("from", window.Start.UtcTicks));
        var leaves = await QueryAsync("SELECT body FROM read_leaves WHERE campus_id = @campus AND from_at < @to AND to_at > @from ORDER BY student_id, leave_id",
            r => Read<LeaveRecorded>(r).Leave, cancellationToken, ("campus", id), ("from", window.Start.UtcTicks), ("to", window.NightEnd.UtcTicks));
        var health = await QueryAsync("SELECT body FROM read_device_health WHERE campus_id = @campus AND at >= @from AND at < @to ORDER BY at, output_id",
            Read<DeviceHealthChanged>, cancellationToken, ("campus", id), ("from", window.Start.UtcTicks), ("to", window.End.UtcTicks));
        var healthAtStart = await QueryAsync("""
            SELECT body FROM (
                SELECT body, row_number() OVER (PARTITION BY device_id ORDER BY at DESC, output_id DESC) AS n
                FROM read_device_health WHERE campus_id = @campus AND at < @from) latest
            WHERE n = 1
            """, Read<DeviceHealthChanged>, cancellationToken, ("campus", id), ("from", window.Start.UtcTicks));
        var alerts = await view.AlertsAsync(id, "all", window.Start, window.End, cancellationToken);
        var visits = await view.VisitsAsync(id, window.Start, window.End, cancellationToken);
        var vehicles = await view.VehicleLogAsync(id, window.Start, window.End, cancellationToken);
        return new ReportInputs(asOf, presence,
            starts.Where(p => p.ToLocation != StudentLocations.OffCampus).ToDictionary(p => p.PersonId, p => p.ToLocation, StringComparer.Ordinal),
            leaves, alerts, health, healthAtStart.ToDictionary(d => d.DeviceId, d => d.Online, StringComparer.Ordinal), visits, vehicles);
    }

    /// <summary>
    /// The time of the campus's first record in the read model (a move, an alert, a device health
    /// change), or null when it has none: the first day worth a report.
    /// </summary>
    public async Task<DateTimeOffset?> FirstActivityAsync(string campusId, CancellationToken cancellationToken)
    {
        long? first = null;
        foreach (var sql in new[]
        {
            "SELECT min(at) FROM read_timeline WHERE campus_id = @campus",
            "SELECT min(raised_at) FROM read_alerts WHERE campus_id = @campus",
            "SELECT min(at) FROM read_device_health WHERE campus_id = @campus",
        })
        {
            var value = (await QueryAsync(sql, r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), cancellationToken, ("campus", campusId))).FirstOrDefault();
            if (value is { } ticks && (first is null || ticks < first)) first = ticks;
        }
        return first is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    private T Read<T>(DbDataReader reader) =>
        (T)codec.Decode(codec.NameOf(typeof(T)), System.Text.Encoding.UTF8.GetBytes(reader.GetString(0)));

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
