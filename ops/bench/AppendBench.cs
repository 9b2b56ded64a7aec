using System.Diagnostics;
using Campus.Actors.Runtime;
using Campus.Actors.Storage.Postgres;
using Campus.TestKit;
using Npgsql;
using NpgsqlTypes;

namespace Campus.Bench;

/// <summary>
/// Durable append to PostgreSQL through the runtime: many concurrent callers, each appending one
/// input at a time and waiting until it is durable (group commit packs them). Baseline, same run,
/// same server: binary COPY of the same rows into an identical, empty log table, 1,000 rows per
/// transaction.
/// </summary>
public static class AppendBench
{
    private const int Rows = 200_000;
    private static readonly int Callers = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CALLERS"), out var c) ? c : 1024;
    private static readonly int Concurrency = int.TryParse(Environment.GetEnvironmentVariable("BENCH_APPEND_CONCURRENCY"), out var n) ? n : 1;
    private const int ShardCount = 16;

    public static async Task RunAsync(Report report)
    {
        await using var server = await PostgresServer.StartAsync();
        var runtimeDb = await server.CreateDatabaseAsync("bench_append");
        var copyDb = await server.CreateDatabaseAsync("bench_copy");
        var codec = Samples.Codec();
        var inputs = Enumerable.Range(0, Rows).Select(i => new Input(
            EntityId.Parse($"counter/c{i % 120}/S{i % 5000:D5}"), new Add($"t{i}"), $"device-{i % 500}", $"e{i}", DateTimeOffset.UnixEpoch.AddSeconds(i))).ToArray();

        var runtimeRate = await RuntimeAppendAsync(runtimeDb, codec, inputs);
        var copyRate = await RawCopyAsync(copyDb, codec, inputs);
        report.Row($"durable append, PostgreSQL, {Callers} concurrent callers, 1 input each, {Concurrency} insert(s) in flight", runtimeRate, "rows/s", "raw binary COPY, 1,000 rows/tx", copyRate);
    }

    private static async Task<double> RuntimeAppendAsync(string connectionString, MessageCodec codec, Input[] inputs)
    {
        await using var store = new PostgresShardStore(connectionString);
        await store.MigrateAsync();
        // No shard is owned: this measures the append path alone.
        var options = new RuntimeOptions { ShardCount = ShardCount, OwnedShards = [], MaxPendingAppends = 100_000, AppendConcurrency = Concurrency };
        await using var runtime = new EntityRuntime(store, Samples.Behaviors(), codec, options);
        await runtime.StartAsync();
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < inputs.Length)
                await runtime.AppendAsync([inputs[i]]);
        })));
        watch.Stop();
        return inputs.Length / watch.Elapsed.TotalSeconds;
    }

    internal static async Task<double> RawCopyAsync(string connectionString, MessageCodec codec, Input[] inputs)
    {
        await using (var store = new PostgresShardStore(connectionString)) await store.MigrateAsync();
        var map = new ShardMap(ShardCount);
        var rows = inputs.Select(input =>
        {
            var (type, payload) = codec.Encode(input.Message);
            return new LogAppend(map.ShardOf(input.Target), input.Source, input.EventId, input.Target.ToString(), type, payload, input.OccurredAt.UtcTicks);
        }).ToArray();
        var offsets = new long[ShardCount];
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < rows.Length; start += 1_000)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY log (shard, \"offset\", source, event_id, entity_id, message_type, payload, occurred_at) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in rows.Skip(start).Take(1_000))
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(row.Shard, NpgsqlDbType.Integer);
                    await writer.WriteAsync(++offsets[row.Shard], NpgsqlDbType.Bigint);
                    await writer.WriteAsync(row.Source, NpgsqlDbType.Text);
                    await writer.WriteAsync(row.EventId, NpgsqlDbType.Text);
                    await writer.WriteAsync(row.EntityId, NpgsqlDbType.Text);
                    await writer.WriteAsync(row.MessageType, NpgsqlDbType.Text);
                    await writer.WriteAsync(row.Payload, NpgsqlDbType.Bytea);
                    await writer.WriteAsync(row.OccurredAt, NpgsqlDbType.Bigint);
                }
                await writer.CompleteAsync();
            }
            await transaction.CommitAsync();
        }
        watch.Stop();
        return rows.Length / watch.Elapsed.TotalSeconds;
    }
}
