using System.Data.Common;
using Campus.Host.Campus;
using Campus.Host.Projections;
using Campus.Host.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Campus.Host.Visitors;

/// <summary>
/// Removes visit records older than <see cref="CampusOptions.VisitRetentionDays"/> (default 180
/// days after the visit's expected departure): the visit entity's journal and snapshots, its read
/// model row, and the vehicle log of those days. A visitor still on campus is never removed. It runs
/// once an hour in a cluster singleton, so one node does it. What is not removed: alerts about a
/// visitor (the security log keeps their name in the alert's message) and the vehicle registry's own
/// journal (plates, and a visitor's name with their vehicle's registration).
/// </summary>
public sealed class VisitorRetention(HostDatabase database, IOptions<CampusStorageOptions> storage, IOptions<CampusOptions> options, TimeProvider clock,
    IHostEnvironment environment, ILogger<VisitorRetention> logger) : IClusterJob
{
    /// <summary>How often the job looks for records past retention.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>How long records are kept.</summary>
    public TimeSpan Retention => TimeSpan.FromDays(options.Value.VisitRetentionDays);

    public Task RunAsync(CancellationToken stoppingToken) => ClusterJobSchedule.EveryAsync(Interval, clock,
        async cancellationToken =>
        {
            var removed = await PurgeAsync(clock.GetUtcNow(), cancellationToken);
            if (removed > 0) logger.LogInformation("Removed {Count} visit records past their retention of {Days} days", removed, options.Value.VisitRetentionDays);
        },
        ex => logger.LogWarning(ex, "Visit retention could not run; it tries again in {Interval}", Interval),
        stoppingToken);

    /// <summary>Removes every visit whose expected departure is older than the retention at <paramref name="now"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = (now - Retention).UtcTicks;
        var visits = new List<(string Campus, string Code)>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await using var select = HostDatabase.Command(connection, null,
                "SELECT campus_id, code FROM read_visits WHERE expected_departure < @cutoff AND status <> 'on-campus' ORDER BY expected_departure LIMIT 1000",
                ("cutoff", cutoff));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) visits.Add((reader.GetString(0), reader.GetString(1)));
        }

        // The journal first: a crash in between leaves a read-model row that the next run removes.
        await using (var journal = await OpenJournalAsync(cancellationToken))
        {
            foreach (var (campus, code) in visits)
            {
                var persistenceId = $"visit/{campus}/{code}";
                foreach (var table in new[] { "tags", "journal", "snapshot" })
                {
                    await using var delete = HostDatabase.Command(journal, null, $"DELETE FROM {table} WHERE persistence_id = @id", ("id", persistenceId));
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var (campus, code) in visits)
            {
                await using var delete = HostDatabase.Command(connection, transaction, "DELETE FROM read_visits WHERE campus_id = @campus AND code = @code",
                    ("campus", campus), ("code", code));
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var log = HostDatabase.Command(connection, transaction, "DELETE FROM read_vehicle_log WHERE at < @cutoff", ("cutoff", cutoff)))
            {
                await log.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return visits.Count;
    }

    /// <summary>The journal's database: the SQLite journal file, or the one PostgreSQL database.</summary>
    private async Task<DbConnection> OpenJournalAsync(CancellationToken cancellationToken)
    {
        var settings = storage.Value;
        if (settings.Store == "postgres") return await database.OpenAsync(cancellationToken);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = settings.JournalFile(environment.ContentRootPath), DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
