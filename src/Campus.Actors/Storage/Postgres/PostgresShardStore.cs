using System.Data;
using System.Runtime.CompilerServices;
using Campus.Actors.Runtime;
using Npgsql;
using NpgsqlTypes;

namespace Campus.Actors.Storage.Postgres;

/// <summary>
/// The PostgreSQL shard store: production and the cluster, where every node appends to and
/// checkpoints into one database.
/// </summary>
/// <remarks>
/// Tables are unqualified, so the store lives in the first schema of the connection's search
/// path. Multi-row writes send each column as one array parameter and expand it with
/// <c>unnest</c>: one statement and one round trip whatever the number of rows.
/// </remarks>
public sealed class PostgresShardStore : IShardStore
{
    /// <summary>First key of the migration advisory lock; the second is the schema's name hash.</summary>
    private const int MigrationLockClass = 0x43414D50; // "CAMP"

    private const string LockHeadsSql = """
        INSERT INTO shard_heads (shard, head) SELECT s, 0 FROM unnest(@shards) AS s ON CONFLICT (shard) DO NOTHING
        """;

    private const string SelectHeadsSql = """
        SELECT shard, head FROM shard_heads WHERE shard = ANY(@shards) ORDER BY shard FOR UPDATE
        """;

    // The head moves to the highest offset actually inserted, so it never points past the log.
    private const string InsertLogSql = """
        WITH inserted AS (
            INSERT INTO log (shard, "offset", source, event_id, entity_id, message_type, payload, occurred_at)
            SELECT * FROM unnest(@shards, @offsets, @sources, @event_ids, @entity_ids, @message_types, @payloads, @occurred_ats)
            ON CONFLICT (shard, source, event_id) DO NOTHING
            RETURNING shard, "offset"
        ), moved AS (
            UPDATE shard_heads AS h SET head = m.head
            FROM (SELECT shard, max("offset") AS head FROM inserted GROUP BY shard) AS m
            WHERE h.shard = m.shard
        )
        SELECT shard, "offset" FROM inserted
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a store over a connection string; call <see cref="MigrateAsync"/> before use.</summary>
    public PostgresShardStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The store runs a handful of statements over and over: let them be prepared once per connection.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        _dataSource = builder.Build();
    }

    /// <inheritdoc />
    public string Provider => "postgres";

    /// <inheritdoc />
    /// <remarks>
    /// Each migration runs in its own transaction under a transaction-level advisory lock keyed by
    /// the schema, so nodes starting together apply each migration once.
    /// </remarks>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var migration in MigrationScripts.For(Provider))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var prepare = new NpgsqlBatch(connection, transaction))
            {
                prepare.BatchCommands.Add(new NpgsqlBatchCommand(
                    "SELECT pg_advisory_xact_lock(@class, hashtext(coalesce(current_schema(), '')))")
                { Parameters = { new NpgsqlParameter<int>("class", MigrationLockClass) } });
                prepare.BatchCommands.Add(new NpgsqlBatchCommand("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    int PRIMARY KEY,
                        name       text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now())
                    """));
                await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = @version)", connection, transaction))
            {
                check.Parameters.Add(new NpgsqlParameter<int>("version", migration.Version));
                if ((bool)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int>("version", migration.Version));
                record.Parameters.Add(new NpgsqlParameter<string>("name", migration.Name));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: lock the head rows of the call's shards in ascending shard order (no
    /// deadlock between appenders), reserve offsets, insert every row with one statement, move the
    /// heads, commit. The head row locks are held until commit, so a shard's appends commit, and
    /// become visible, in offset order.
    /// </remarks>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<LogAppend> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var result = new long[inputs.Count];
        if (inputs.Count == 0) return new AppendResult(result);

        // Drop what repeats earlier in the call (first wins) and count the rest per shard.
        var seen = new HashSet<(int Shard, string Source, string EventId)>(inputs.Count);
        var kept = new List<int>(inputs.Count);
        var perShard = new SortedDictionary<int, long>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
            if (!seen.Add((input.Shard, input.Source, input.EventId)))
            {
                result[i] = AppendResult.Duplicate;
                continue;
            }
            kept.Add(i);
            perShard[input.Shard] = perShard.GetValueOrDefault(input.Shard) + 1;
        }
        var shards = perShard.Keys.ToArray();

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // 1. Lock the heads (creating the missing ones) in shard order and read them.
        var next = new Dictionary<int, long>(shards.Length);
        await using (var lockHeads = new NpgsqlBatch(connection, transaction))
        {
            lockHeads.BatchCommands.Add(new NpgsqlBatchCommand(LockHeadsSql) { Parameters = { IntArray("shards", shards) } });
            lockHeads.BatchCommands.Add(new NpgsqlBatchCommand(SelectHeadsSql) { Parameters = { IntArray("shards", shards) } });
            await using var reader = await lockHeads.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                next[reader.GetInt32(0)] = reader.GetInt64(1) + 1;
        }

        // 2. Assign offsets in call order and insert every row at once.
        var count = kept.Count;
        var rowShards = new int[count];
        var offsets = new long[count];
        var sources = new string[count];
        var eventIds = new string[count];
        var entityIds = new string[count];
        var messageTypes = new string[count];
        var payloads = new byte[count][];
        var occurredAts = new long[count];
        for (var k = 0; k < count; k++)
        {
            var input = inputs[kept[k]];
            rowShards[k] = input.Shard;
            offsets[k] = next[input.Shard]++;
            sources[k] = input.Source;
            eventIds[k] = input.EventId;
            entityIds[k] = input.EntityId;
            messageTypes[k] = input.MessageType;
            payloads[k] = input.Payload;
            occurredAts[k] = input.OccurredAt;
        }

        var inserted = new HashSet<(int Shard, long Offset)>(count);
        await using (var insert = new NpgsqlCommand(InsertLogSql, connection, transaction))
        {
            insert.Parameters.Add(IntArray("shards", rowShards));
            insert.Parameters.Add(BigintArray("offsets", offsets));
            insert.Parameters.Add(TextArray("sources", sources));
            insert.Parameters.Add(TextArray("event_ids", eventIds));
            insert.Parameters.Add(TextArray("entity_ids", entityIds));
            insert.Parameters.Add(TextArray("message_types", messageTypes));
            insert.Parameters.Add(ByteaArray("payloads", payloads));
            insert.Parameters.Add(BigintArray("occurred_ats", occurredAts));
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                inserted.Add((reader.GetInt32(0), reader.GetInt64(1)));
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        // 3. What the database did not insert was already stored.
        for (var k = 0; k < count; k++)
            result[kept[k]] = inserted.Contains((rowShards[k], offsets[k])) ? offsets[k] : AppendResult.Duplicate;
        return new AppendResult(result);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogEntry>> ReadLogAsync(int shard, long afterOffset, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var entries = new List<LogEntry>(Math.Min(max, 4096));
        if (max == 0) return entries;

        await using var command = _dataSource.CreateCommand("""
            SELECT "offset", source, event_id, entity_id, message_type, payload, occurred_at
            FROM log WHERE shard = @shard AND "offset" > @after ORDER BY "offset" LIMIT @max
            """);
        command.Parameters.Add(new NpgsqlParameter<int>("shard", shard));
        command.Parameters.Add(new NpgsqlParameter<long>("after", afterOffset));
        command.Parameters.Add(new NpgsqlParameter<long>("max", max));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new LogEntry(
                shard,
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<byte[]>(5),
                reader.GetInt64(6)));
        }
        return entries;
    }

    /// <inheritdoc />
    public async Task<long> GetLogHeadAsync(int shard, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT head FROM shard_heads WHERE shard = @shard");
        command.Parameters.Add(new NpgsqlParameter<int>("shard", shard));
        var head = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return head is long value ? value : 0;
    }

    /// <inheritdoc />
    public async Task<ShardLease> AcquireShardAsync(int shard, string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO shard_owners AS o (shard, owner_id, epoch, checkpoint_offset, acquired_at)
            VALUES (@shard, @owner, 1, 0, now())
            ON CONFLICT (shard) DO UPDATE
                SET epoch = o.epoch + 1, owner_id = excluded.owner_id, acquired_at = excluded.acquired_at
            RETURNING epoch, checkpoint_offset
            """);
        command.Parameters.Add(new NpgsqlParameter<int>("shard", shard));
        command.Parameters.Add(new NpgsqlParameter<string>("owner", ownerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ShardLease(shard, reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The fencing UPDATE runs first and keeps the owner row locked until commit: an acquisition
    /// that comes in meanwhile waits for this checkpoint, and one that committed before makes the
    /// UPDATE match no row (its epoch is re-checked on the newest row version), which rolls
    /// everything back.
    /// </remarks>
    public async Task WriteCheckpointAsync(ShardCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);

        var fence = new NpgsqlBatchCommand("UPDATE shard_owners SET checkpoint_offset = @offset WHERE shard = @shard AND epoch = @epoch")
        {
            Parameters =
            {
                new NpgsqlParameter<long>("offset", checkpoint.Offset),
                new NpgsqlParameter<int>("shard", checkpoint.Shard),
                new NpgsqlParameter<long>("epoch", checkpoint.Epoch),
            },
        };
        batch.BatchCommands.Add(fence);
        if (checkpoint.Entities.Count > 0) batch.BatchCommands.Add(UpsertEntities(checkpoint.Shard, checkpoint.Entities));
        if (checkpoint.Outputs.Count > 0) batch.BatchCommands.Add(InsertOutputs(checkpoint.Outputs));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        if (fence.RecordsAffected == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            throw new ShardFencedException(checkpoint.Shard, checkpoint.Epoch);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<EntitySnapshot> LoadEntitiesAsync(
        int shard, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT entity_id, state, timers FROM entities WHERE shard = @shard");
        command.Parameters.Add(new NpgsqlParameter<int>("shard", shard));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return ReadSnapshot(reader);
    }

    /// <inheritdoc />
    public async Task<EntitySnapshot?> LoadEntityAsync(int shard, string entityId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        await using var command = _dataSource.CreateCommand(
            "SELECT entity_id, state, timers FROM entities WHERE shard = @shard AND entity_id = @entity_id");
        command.Parameters.Add(new NpgsqlParameter<int>("shard", shard));
        command.Parameters.Add(new NpgsqlParameter<string>("entity_id", entityId));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSnapshot(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutputRecord>> ReadOutputsAsync(int shard, long afterOffset, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var outputs = new List<OutputRecord>(Math.Min(max, 4096));
        if (max == 0) return outputs;

        await using var command = _dataSource.CreateCommand("""
            SELECT output_id, "offset", idx, entity_id, output_type, payload, occurred_at
            FROM outputs WHERE shard = @shard AND "offset" > @after ORDER BY "offset", idx LIMIT @max
            """);
        command.Parameters.Add(new NpgsqlParameter<int>("shard", shard));
        command.Parameters.Add(new NpgsqlParameter<long>("after", afterOffset));
        command.Parameters.Add(new NpgsqlParameter<long>("max", max));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            outputs.Add(new OutputRecord(
                reader.GetString(0),
                shard,
                reader.GetInt64(1),
                reader.GetInt32(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<byte[]>(5),
                reader.GetInt64(6)));
        }
        return outputs;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static EntitySnapshot ReadSnapshot(NpgsqlDataReader reader)
    {
        var entityId = reader.GetString(0);
        var state = reader.GetFieldValue<byte[]>(1);
        var timers = reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2);
        return new EntitySnapshot(entityId, state, timers);
    }

    private static NpgsqlBatchCommand UpsertEntities(int shard, IReadOnlyList<EntitySnapshot> entities)
    {
        // An entity listed twice would make the upsert touch a row twice, which PostgreSQL refuses: last wins.
        var latest = new Dictionary<string, EntitySnapshot>(entities.Count, StringComparer.Ordinal);
        foreach (var entity in entities) latest[entity.EntityId] = entity;

        var ids = new string[latest.Count];
        var states = new byte[latest.Count][];
        var timers = new byte[]?[latest.Count];
        var i = 0;
        foreach (var entity in latest.Values)
        {
            ids[i] = entity.EntityId;
            states[i] = entity.State;
            timers[i] = entity.Timers;
            i++;
        }
        return new NpgsqlBatchCommand("""
            INSERT INTO entities (shard, entity_id, state, timers)
            SELECT @shard, u.entity_id, u.state, u.timers FROM unnest(@entity_ids, @states, @timers) AS u(entity_id, state, timers)
            ON CONFLICT (shard, entity_id) DO UPDATE SET state = excluded.state, timers = excluded.timers
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<int>("shard", shard),
                TextArray("entity_ids", ids),
                ByteaArray("states", states),
                ByteaArray("timers", timers),
            },
        };
    }

    private static NpgsqlBatchCommand InsertOutputs(IReadOnlyList<OutputRecord> outputs)
    {
        var count = outputs.Count;
        var ids = new string[count];
        var shards = new int[count];
        var offsets = new long[count];
        var indexes = new int[count];
        var entityIds = new string[count];
        var types = new string[count];
        var payloads = new byte[count][];
        var occurredAts = new long[count];
        for (var i = 0; i < count; i++)
        {
            var output = outputs[i];
            ids[i] = output.OutputId;
            shards[i] = output.Shard;
            offsets[i] = output.Offset;
            indexes[i] = output.Index;
            entityIds[i] = output.EntityId;
            types[i] = output.OutputType;
            payloads[i] = output.Payload;
            occurredAts[i] = output.OccurredAt;
        }
        return new NpgsqlBatchCommand("""
            INSERT INTO outputs (output_id, shard, "offset", idx, entity_id, output_type, payload, occurred_at)
            SELECT * FROM unnest(@output_ids, @shards, @offsets, @indexes, @entity_ids, @output_types, @payloads, @occurred_ats)
            ON CONFLICT (output_id) DO NOTHING
            """)
        {
            Parameters =
            {
                TextArray("output_ids", ids),
                IntArray("shards", shards),
                BigintArray("offsets", offsets),
                IntArray("indexes", indexes),
                TextArray("entity_ids", entityIds),
                TextArray("output_types", types),
                ByteaArray("payloads", payloads),
                BigintArray("occurred_ats", occurredAts),
            },
        };
    }

    private static NpgsqlParameter<int[]> IntArray(string name, int[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = values };

    private static NpgsqlParameter<long[]> BigintArray(string name, long[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = values };

    private static NpgsqlParameter<string[]> TextArray(string name, string[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = values };

    private static NpgsqlParameter<byte[]?[]> ByteaArray(string name, byte[]?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = values };
}
