using System.Data.Common;
using Campus.Host.Storage;

namespace Campus.Host.Notifications;

/// <summary>The states of a receipt.</summary>
public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string DeadLetter = "dead-letter";

    public static readonly IReadOnlyList<string> All = [Pending, Delivered, Failed, DeadLetter];
}

/// <summary>A receipt: one notice to one guardian through one channel, and how its delivery went.</summary>
public sealed record DeliveryReceipt(
    string DeliveryId,
    string NoticeId,
    string GuardianId,
    string Channel,
    string CampusId,
    string StudentId,
    string Kind,
    string Body,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeliveredAt);

/// <summary>
/// Receipts in the host's database (<see cref="HostDatabase"/>), on SQLite or PostgreSQL. Receipts
/// are keyed by delivery id, so writing a notice's receipts again (a projection batch repeated
/// after a crash) changes nothing.
/// </summary>
public sealed class NotificationStore(HostDatabase database)
{
    private const string Columns =
        "delivery_id, notice_id, guardian_id, channel, campus_id, student_id, kind, body, status, attempts, last_error, created_at, due_at, updated_at, delivered_at";

    /// <summary>Writes new receipts (those already stored are left alone) in the caller's transaction.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IEnumerable<DeliveryReceipt> receipts, CancellationToken cancellationToken)
    {
        foreach (var r in receipts)
        {
            await using var insert = HostDatabase.Command(connection, transaction,
                $"INSERT INTO notification_receipts ({Columns}) VALUES (@delivery_id, @notice_id, @guardian_id, @channel, @campus_id, @student_id, @kind, @body, @status, @attempts, @last_error, @created_at, @due_at, @updated_at, @delivered_at) ON CONFLICT (delivery_id) DO NOTHING",
                ("delivery_id", r.DeliveryId), ("notice_id", r.NoticeId), ("guardian_id", r.GuardianId), ("channel", r.Channel),
                ("campus_id", r.CampusId), ("student_id", r.StudentId), ("kind", r.Kind), ("body", r.Body), ("status", r.Status),
                ("attempts", r.Attempts), ("last_error", r.LastError), ("created_at", r.CreatedAt.UtcTicks), ("due_at", r.DueAt.UtcTicks),
                ("updated_at", r.UpdatedAt.UtcTicks), ("delivered_at", r.DeliveredAt?.UtcTicks));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Receipts of one channel to deliver now: pending or failed, due by <paramref name="now"/>, oldest due first.</summary>
    public Task<IReadOnlyList<DeliveryReceipt>> DueAsync(string channel, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM notification_receipts WHERE status IN ('pending', 'failed') AND due_at <= @now AND channel = @channel ORDER BY due_at, delivery_id LIMIT @max",
            cancellationToken, ("now", now.UtcTicks), ("channel", channel), ("max", (long)max));

    /// <summary>Receipts of a status (or all) of one campus (or, with <paramref name="campusId"/> null, of every campus), newest first.</summary>
    public Task<IReadOnlyList<DeliveryReceipt>> ListAsync(string? status, string? campusId, int max, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        var parameters = new List<(string, object?)> { ("max", (long)max) };
        if (status is not null)
        {
            conditions.Add("status = @status");
            parameters.Add(("status", status));
        }
        if (campusId is not null)
        {
            conditions.Add("campus_id = @campus");
            parameters.Add(("campus", campusId));
        }
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions) + " ";
        return QueryAsync($"SELECT {Columns} FROM notification_receipts {where}ORDER BY created_at DESC, delivery_id LIMIT @max", cancellationToken, [.. parameters]);
    }

    /// <summary>One receipt, or null.</summary>
    public async Task<DeliveryReceipt?> FindAsync(string deliveryId, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM notification_receipts WHERE delivery_id = @id", cancellationToken, ("id", deliveryId))).FirstOrDefault();

    /// <summary>Records a delivery. Only a receipt not yet delivered changes.</summary>
    public Task MarkDeliveredAsync(string deliveryId, int attempts, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE notification_receipts SET status = 'delivered', attempts = @attempts, last_error = NULL, updated_at = @now, delivered_at = @now WHERE delivery_id = @id AND status <> 'delivered'",
            cancellationToken, ("id", deliveryId), ("attempts", attempts), ("now", now.UtcTicks));

    /// <summary>Records a failed round: failed with the next due time, or dead-letter.</summary>
    public Task MarkFailedAsync(string deliveryId, int attempts, string error, bool deadLetter, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE notification_receipts SET status = @status, attempts = @attempts, last_error = @error, due_at = @due, updated_at = @now WHERE delivery_id = @id AND status <> 'delivered'",
            cancellationToken, ("id", deliveryId), ("status", deadLetter ? DeliveryStatus.DeadLetter : DeliveryStatus.Failed), ("attempts", attempts),
            ("error", error.Length > 1000 ? error[..1000] : error), ("due", dueAt.UtcTicks), ("now", now.UtcTicks));

    /// <summary>An admin's retry: a failed or dead-letter receipt becomes pending, due now, with a fresh attempt budget. False when it is not failed or dead-letter.</summary>
    public async Task<bool> RetryAsync(string deliveryId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE notification_receipts SET status = 'pending', attempts = 0, due_at = @now, updated_at = @now WHERE delivery_id = @id AND status IN ('failed', 'dead-letter')",
            cancellationToken, ("id", deliveryId), ("now", now.UtcTicks)) == 1;

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = HostDatabase.Command(connection, null, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<DeliveryReceipt>> QueryAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = HostDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<DeliveryReceipt>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new DeliveryReceipt(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetString(7), reader.GetString(8), Convert.ToInt32(reader.GetValue(9), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(10) ? null : reader.GetString(10), Ticks(reader.GetInt64(11)), Ticks(reader.GetInt64(12)), Ticks(reader.GetInt64(13)),
                reader.IsDBNull(14) ? null : Ticks(reader.GetInt64(14))));
        }
        return list;
    }

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);
}
