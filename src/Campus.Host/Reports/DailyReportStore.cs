using System.Globalization;
using System.Text.Json;
using Campus.Host.Storage;

namespace Campus.Host.Reports;

/// <summary>
/// The closed daily reports (<c>reports_daily</c>): one row per campus and local date, inserted once
/// when the day closes ("on conflict do nothing": two closers racing store one report) and never
/// updated, so a closed report never changes.
/// </summary>
public sealed class DailyReportStore(HostDatabase database)
{
    /// <summary>How reports are stored (and answered): camelCase JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The closed report of a campus and day, or null when the day is not closed yet.</summary>
    public async Task<DailyReportData?> GetAsync(string campusId, DateOnly date, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = HostDatabase.Command(connection, null, "SELECT body FROM reports_daily WHERE campus_id = @campus AND date = @date",
            ("campus", campusId), ("date", Text(date)));
        return await command.ExecuteScalarAsync(cancellationToken) is string body ? JsonSerializer.Deserialize<DailyReportData>(body, Json) : null;
    }

    /// <summary>The latest closed day of a campus, or null when none is closed.</summary>
    public async Task<DateOnly?> LatestAsync(string campusId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = HostDatabase.Command(connection, null, "SELECT max(date) FROM reports_daily WHERE campus_id = @campus", ("campus", campusId));
        return await command.ExecuteScalarAsync(cancellationToken) is string date
            ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>
    /// Stores a closed report unless the day is stored already, and with it (in one transaction) the
    /// receipts of its delivery: a report stored once is delivered once. True when this call stored it.
    /// </summary>
    public async Task<bool> InsertAsync(DailyReportData report, IReadOnlyList<Notifications.DeliveryReceipt> receipts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(receipts);
        if (!report.Closed || report.ClosedAt is not { } closedAt) throw new ArgumentException("Only a closed report is stored.", nameof(report));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = HostDatabase.Command(connection, transaction, """
            INSERT INTO reports_daily (campus_id, date, closed_at, body) VALUES (@campus, @date, @closed, @body) ON CONFLICT DO NOTHING
            """, ("campus", report.CampusId), ("date", Text(report.Date)), ("closed", closedAt.UtcTicks), ("body", JsonSerializer.Serialize(report, Json))))
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0) return false;
        }
        await Notifications.NotificationStore.InsertAsync(connection, transaction, receipts, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
