using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Campus.Actors.Runtime;
using Campus.Actors.Storage.Postgres;
using Campus.Actors.Storage.Sqlite;
using Campus.TestKit;
using Npgsql;

namespace Campus.Bench;

/// <summary>
/// Recovery: a store holding 1,000,000 checkpointed counter states and 100,000 log entries after
/// the checkpoint; a new runtime takes the shards, loads the states and replays the log. Rate =
/// (states loaded + entries replayed) / s. Baseline: reading the same rows raw (PostgreSQL: one
/// reader over the entities and log tables, no decoding).
/// </summary>
public static class RecoveryBench
{
    private const int ShardCount = 4;
    private const int Entities = 1_000_000;
    private const int LogEntries = 100_000;

    public static async Task RunAsync(Report report)
    {
        await using (var server = await PostgresServer.StartAsync())
        {
            var connection = await server.CreateDatabaseAsync("bench_recovery");
            var (rate, raw) = await MeasureAsync(() => new PostgresShardStore(connection), () => RawReadPostgresAsync(connection));
            report.Row($"recovery, PostgreSQL ({Entities:N0} states + {LogEntries:N0} log entries)", rate, "items/s", "raw SELECT of the same rows", raw);
        }

        var directory = Directory.CreateTempSubdirectory("campus-bench-").FullName;
        try
        {
            var path = Path.Combine(directory, "bench.db");
            var (rate, raw) = await MeasureAsync(() => new SqliteShardStore(path), () => RawReadSqliteAsync(path));
            report.Row($"recovery, SQLite ({Entities:N0} states + {LogEntries:N0} log entries)", rate, "items/s", "raw SELECT of the same rows", raw);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double Rate, double Raw)> MeasureAsync(Func<IShardStore> open, Func<Task<long>> rawRead)
    {
        await using (var store = open())
        {
            await store.MigrateAsync();
            await SeedAsync(store);
        }
        var raw = await TimeAsync(rawRead);

        await using (var store = open())
        {
            var options = new RuntimeOptions { ShardCount = ShardCount, MaxCheckpointBatch = 5_000, PassivateAfterIdleInputs = 0 };
            await using var runtime = new EntityRuntime(store, Samples.Behaviors(), Samples.Codec(), options);
            var watch = Stopwatch.StartNew();
            await runtime.StartAsync();
            watch.Stop();
            var resident = runtime.GetShardStatus().Sum(s => s.Resident);
            if (resident < Entities) throw new InvalidOperationException($"only {resident} entities recovered");
            return ((Entities + LogEntries) / watch.Elapsed.TotalSeconds, raw);
        }
    }

    private static async Task<double> TimeAsync(Func<Task<long>> read)
    {
        var watch = Stopwatch.StartNew();
        var rows = await read();
        watch.Stop();
        return rows / watch.Elapsed.TotalSeconds;
    }

    private static async Task SeedAsync(IShardStore store)
    {
        var map = new ShardMap(ShardCount);
        var campuses = Enumerable.Range(0, ShardCount).Select(s => MessagingBench.CampusOnShard(map, s)).ToArray();
        var codec = Samples.Codec();
        for (var shard = 0; shard < ShardCount; shard++)
        {
            var lease = await store.AcquireShardAsync(shard, "bench");
            var perShard = Entities / ShardCount;
            for (var start = 0; start < perShard; start += 10_000)
            {
                var snapshots = Enumerable.Range(start, Math.Min(10_000, perShard - start))
                    .Select(i => new EntitySnapshot($"counter/{campuses[shard]}/S{i:D7}", Encoding.UTF8.GetBytes($"{{\"count\":{i % 50}}}"), null))
                    .ToList();
                await store.WriteCheckpointAsync(new ShardCheckpoint(shard, lease.Epoch, 0, snapshots, []));
            }
        }
        var (type, payload) = codec.Encode(new Add("x"));
        for (var start = 0; start < LogEntries; start += 2_000)
        {
            var rows = Enumerable.Range(start, 2_000).Select(i =>
            {
                var shard = i % ShardCount;
                return new LogAppend(shard, "bench", $"e{i}", $"counter/{campuses[shard]}/S{i / ShardCount % (Entities / ShardCount):D7}", type, payload, DateTimeOffset.UnixEpoch.UtcTicks);
            }).ToList();
            await store.AppendAsync(rows);
        }
    }

    private static async Task<long> RawReadPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await RawReadAsync(connection);
    }

    private static async Task<long> RawReadSqliteAsync(string path)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        return await RawReadAsync(connection);
    }

    /// <summary>Reads every entity and log row with every column, decoding nothing: the floor for recovery.</summary>
    private static async Task<long> RawReadAsync(DbConnection connection)
    {
        await connection.OpenAsync();
        long rows = 0;
        foreach (var sql in new[] { "SELECT entity_id, state, timers FROM entities", "SELECT \"offset\", source, event_id, entity_id, message_type, payload, occurred_at FROM log" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i)) _ = reader.GetValue(i);
                }
                rows++;
            }
        }
        return rows;
    }
}
