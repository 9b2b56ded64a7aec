using System.Runtime.CompilerServices;
using Campus.Actors.Runtime;
using Microsoft.Data.Sqlite;

namespace Campus.Actors.Storage.Sqlite;

/// <summary>
/// The embedded provider of <see cref="IShardStore"/>: one SQLite database file in WAL mode with
/// <c>synchronous=FULL</c>, so a committed append survives a process kill and a power loss.
/// </summary>
/// <remarks>
/// Every operation takes a pooled connection of its own (SQLite connections are not thread safe).
/// Writers are serialized inside the process by a semaphore and across processes by
/// <c>BEGIN IMMEDIATE</c> with a busy timeout; readers never block writers (WAL). Several
/// processes may open the same file, at once or one after another (also after a SIGKILL).
/// </remarks>
public sealed class SqliteShardStore : IShardStore
{
    private const int BusyTimeoutSeconds = 30;

    // Settings of a connection, not of the file, so every open sets them.
    // - busy_timeout (ms, equal to BusyTimeoutSeconds): wait for another process's write lock.
    // - synchronous=FULL: a commit is fsynced, so an acknowledged append survives a power loss.
    // - wal_autocheckpoint: checkpoint every ~40 MB of WAL rather than 4 MB. Appends dirty pages
    //   all over the de-duplication index; a page rewritten by many commits is copied back once
    //   per checkpoint, which measured ~25% more append throughput.
    // - cache_size (KiB when negative): room for the hot part of that index.
    private const string ConfigureConnectionSql =
        "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 10000; PRAGMA cache_size = -16384;";

    private const string LogColumns =
        "shard, \"offset\", source, event_id, entity_id, message_type, payload, occurred_at";

    private const string OutputColumns =
        "output_id, shard, \"offset\", idx, entity_id, output_type, payload, occurred_at";

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _walEnsured;
    private int _disposed;

    /// <summary>Opens (and creates when missing) the database file at <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The database file; its directory must exist.</param>
    /// <param name="timeProvider">The clock for bookkeeping columns (applied_at, acquired_at); the system clock by default.</param>
    public SqliteShardStore(string databasePath, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(databasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Provider => "sqlite";

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await WriteAsync(static (connection, _, _) =>
        {
            Execute(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (" +
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;");
            return 0;
        }, useTransaction: false, cancellationToken);

        foreach (var migration in MigrationScripts.For(Provider))
        {
            // One transaction per migration; the applied check runs inside it, so two processes
            // migrating the same file at once apply each version once.
            await WriteAsync((connection, transaction, _) =>
            {
                using var applied = Command(connection, transaction, "SELECT 1 FROM schema_migrations WHERE version = $version");
                applied.Parameters.AddWithValue("$version", migration.Version);
                if (applied.ExecuteScalar() is not null) return 0;

                Execute(connection, transaction, migration.Sql);

                using var record = Command(connection, transaction,
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $applied_at)");
                record.Parameters.AddWithValue("$version", migration.Version);
                record.Parameters.AddWithValue("$name", migration.Name);
                record.Parameters.AddWithValue("$applied_at", _time.GetUtcNow().UtcTicks);
                record.ExecuteNonQuery();
                return 0;
            }, useTransaction: true, cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task<AppendResult> AppendAsync(IReadOnlyList<LogAppend> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) return Task.FromResult(new AppendResult([]));
        foreach (var input in inputs) ArgumentNullException.ThrowIfNull(input, nameof(inputs));
        return WriteAsync((connection, transaction, ct) => Append(connection, transaction, inputs, ct), useTransaction: true, cancellationToken);
    }

    private static AppendResult Append(SqliteConnection connection, SqliteTransaction? transaction, IReadOnlyList<LogAppend> inputs, CancellationToken cancellationToken)
    {
        using var readHead = Command(connection, transaction, "SELECT head FROM shard_heads WHERE shard = $shard");
        var headShard = readHead.Parameters.Add("$shard", SqliteType.Integer);

        // The unique index (shard, source, event_id) rejects a duplicate of a stored input and of
        // one inserted earlier in this transaction alike. Only that conflict is ignored: a clash
        // on (shard, offset) would mean a reused offset and fails the whole append.
        using var insert = Command(connection, transaction,
            $"INSERT INTO log ({LogColumns}) " +
            "VALUES ($shard, $offset, $source, $event_id, $entity_id, $message_type, $payload, $occurred_at) " +
            "ON CONFLICT (shard, source, event_id) DO NOTHING");
        var shard = insert.Parameters.Add("$shard", SqliteType.Integer);
        var offset = insert.Parameters.Add("$offset", SqliteType.Integer);
        var source = insert.Parameters.Add("$source", SqliteType.Text);
        var eventId = insert.Parameters.Add("$event_id", SqliteType.Text);
        var entityId = insert.Parameters.Add("$entity_id", SqliteType.Text);
        var messageType = insert.Parameters.Add("$message_type", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
        var occurredAt = insert.Parameters.Add("$occurred_at", SqliteType.Integer);
        insert.Prepare();

        var heads = new Dictionary<int, (long Head, bool Changed)>();
        var offsets = new long[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            if ((i & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            var input = inputs[i];
            if (!heads.TryGetValue(input.Shard, out var head))
            {
                headShard.Value = input.Shard;
                head = (readHead.ExecuteScalar() is long stored ? stored : 0L, false);
            }

            var next = head.Head + 1;
            shard.Value = input.Shard;
            offset.Value = next;
            source.Value = input.Source;
            eventId.Value = input.EventId;
            entityId.Value = input.EntityId;
            messageType.Value = input.MessageType;
            payload.Value = input.Payload;
            occurredAt.Value = input.OccurredAt;
            if (insert.ExecuteNonQuery() == 1)
            {
                offsets[i] = next;
                head = (next, true);
            }
            else
            {
                offsets[i] = AppendResult.Duplicate;
            }
            heads[input.Shard] = head;
        }

        using var writeHead = Command(connection, transaction,
            "INSERT INTO shard_heads (shard, head) VALUES ($shard, $head) " +
            "ON CONFLICT (shard) DO UPDATE SET head = excluded.head");
        var writeShard = writeHead.Parameters.Add("$shard", SqliteType.Integer);
        var writeValue = writeHead.Parameters.Add("$head", SqliteType.Integer);
        foreach (var (key, (head, changed)) in heads)
        {
            if (!changed) continue;
            writeShard.Value = key;
            writeValue.Value = head;
            writeHead.ExecuteNonQuery();
        }
        return new AppendResult(offsets);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogEntry>> ReadLogAsync(int shard, long afterOffset, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0) return [];
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {LogColumns} FROM log WHERE shard = $shard AND \"offset\" > $after ORDER BY \"offset\" LIMIT $max");
        command.Parameters.AddWithValue("$shard", shard);
        command.Parameters.AddWithValue("$after", afterOffset);
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LogEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LogEntry(
                reader.GetInt32(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<byte[]>(6),
                reader.GetInt64(7)));
        }
        return entries;
    }

    /// <inheritdoc />
    public async Task<long> GetLogHeadAsync(int shard, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT head FROM shard_heads WHERE shard = $shard");
        command.Parameters.AddWithValue("$shard", shard);
        return await command.ExecuteScalarAsync(cancellationToken) is long head ? head : 0L;
    }

    /// <inheritdoc />
    public Task<ShardLease> AcquireShardAsync(int shard, string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        return WriteAsync((connection, transaction, _) =>
        {
            using var command = Command(connection, transaction,
                "INSERT INTO shard_owners (shard, owner_id, epoch, checkpoint_offset, acquired_at) " +
                "VALUES ($shard, $owner_id, 1, 0, $acquired_at) " +
                "ON CONFLICT (shard) DO UPDATE SET owner_id = excluded.owner_id, " +
                "epoch = shard_owners.epoch + 1, acquired_at = excluded.acquired_at " +
                "RETURNING epoch, checkpoint_offset");
            command.Parameters.AddWithValue("$shard", shard);
            command.Parameters.AddWithValue("$owner_id", ownerId);
            command.Parameters.AddWithValue("$acquired_at", _time.GetUtcNow().UtcTicks);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) throw new InvalidOperationException($"Shard {shard}: acquiring ownership returned no row.");
            return new ShardLease(shard, reader.GetInt64(0), reader.GetInt64(1));
        }, useTransaction: true, cancellationToken);
    }

    /// <inheritdoc />
    public Task WriteCheckpointAsync(ShardCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(checkpoint.Entities);
        ArgumentNullException.ThrowIfNull(checkpoint.Outputs);
        foreach (var output in checkpoint.Outputs)
        {
            ArgumentNullException.ThrowIfNull(output, nameof(checkpoint));
            if (output.Shard != checkpoint.Shard)
                throw new ArgumentException($"Output {output.OutputId} belongs to shard {output.Shard}, not to the checkpoint's shard {checkpoint.Shard}.", nameof(checkpoint));
        }
        return WriteAsync((connection, transaction, ct) => WriteCheckpoint(connection, transaction, checkpoint, ct), useTransaction: true, cancellationToken);
    }

    private static int WriteCheckpoint(SqliteConnection connection, SqliteTransaction? transaction, ShardCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        using (var fence = Command(connection, transaction,
            "UPDATE shard_owners SET checkpoint_offset = $offset WHERE shard = $shard AND epoch = $epoch"))
        {
            fence.Parameters.AddWithValue("$offset", checkpoint.Offset);
            fence.Parameters.AddWithValue("$shard", checkpoint.Shard);
            fence.Parameters.AddWithValue("$epoch", checkpoint.Epoch);
            // Nothing has been written yet; the caller's transaction rolls back on the throw.
            if (fence.ExecuteNonQuery() == 0) throw new ShardFencedException(checkpoint.Shard, checkpoint.Epoch);
        }

        if (checkpoint.Entities.Count > 0)
        {
            using var upsert = Command(connection, transaction,
                "INSERT INTO entities (shard, entity_id, state, timers) VALUES ($shard, $entity_id, $state, $timers) " +
                "ON CONFLICT (shard, entity_id) DO UPDATE SET state = excluded.state, timers = excluded.timers");
            upsert.Parameters.AddWithValue("$shard", checkpoint.Shard);
            var entityId = upsert.Parameters.Add("$entity_id", SqliteType.Text);
            var state = upsert.Parameters.Add("$state", SqliteType.Blob);
            var timers = upsert.Parameters.Add("$timers", SqliteType.Blob);
            upsert.Prepare();
            for (var i = 0; i < checkpoint.Entities.Count; i++)
            {
                if ((i & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
                var entity = checkpoint.Entities[i];
                ArgumentNullException.ThrowIfNull(entity, nameof(checkpoint));
                entityId.Value = entity.EntityId;
                state.Value = entity.State;
                timers.Value = (object?)entity.Timers ?? DBNull.Value;
                upsert.ExecuteNonQuery();
            }
        }

        if (checkpoint.Outputs.Count > 0)
        {
            using var insert = Command(connection, transaction,
                $"INSERT INTO outputs ({OutputColumns}) " +
                "VALUES ($output_id, $shard, $offset, $idx, $entity_id, $output_type, $payload, $occurred_at) " +
                "ON CONFLICT (output_id) DO NOTHING");
            var outputId = insert.Parameters.Add("$output_id", SqliteType.Text);
            var shard = insert.Parameters.Add("$shard", SqliteType.Integer);
            var offset = insert.Parameters.Add("$offset", SqliteType.Integer);
            var index = insert.Parameters.Add("$idx", SqliteType.Integer);
            var entityId = insert.Parameters.Add("$entity_id", SqliteType.Text);
            var outputType = insert.Parameters.Add("$output_type", SqliteType.Text);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            var occurredAt = insert.Parameters.Add("$occurred_at", SqliteType.Integer);
            insert.Prepare();
            for (var i = 0; i < checkpoint.Outputs.Count; i++)
            {
                if ((i & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
                var output = checkpoint.Outputs[i];
                outputId.Value = output.OutputId;
                shard.Value = output.Shard;
                offset.Value = output.Offset;
                index.Value = output.Index;
                entityId.Value = output.EntityId;
                outputType.Value = output.OutputType;
                payload.Value = output.Payload;
                occurredAt.Value = output.OccurredAt;
                insert.ExecuteNonQuery();
            }
        }
        return 0;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<EntitySnapshot> LoadEntitiesAsync(int shard, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT entity_id, state, timers FROM entities WHERE shard = $shard ORDER BY entity_id");
        command.Parameters.AddWithValue("$shard", shard);
        // One statement is one read snapshot: the stream is consistent even while checkpoints commit.
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadSnapshot(reader);
    }

    /// <inheritdoc />
    public async Task<EntitySnapshot?> LoadEntityAsync(int shard, string entityId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT entity_id, state, timers FROM entities WHERE shard = $shard AND entity_id = $entity_id");
        command.Parameters.AddWithValue("$shard", shard);
        command.Parameters.AddWithValue("$entity_id", entityId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSnapshot(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutputRecord>> ReadOutputsAsync(int shard, long afterOffset, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0) return [];
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {OutputColumns} FROM outputs WHERE shard = $shard AND \"offset\" > $after " +
            "ORDER BY \"offset\", idx LIMIT $max");
        command.Parameters.AddWithValue("$shard", shard);
        command.Parameters.AddWithValue("$after", afterOffset);
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var outputs = new List<OutputRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            outputs.Add(new OutputRecord(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.GetInt64(2),
                reader.GetInt32(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<byte[]>(6),
                reader.GetInt64(7)));
        }
        return outputs;
    }

    /// <summary>
    /// Waits for the write in progress, then closes the idle pooled connections of the file (those
    /// in use close when returned), so the file can be reopened by another process or deleted.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _writeLock.WaitAsync();
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction?, CancellationToken, T> work,
        bool useTransaction,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            if (!useTransaction) return work(connection, null, cancellationToken);

            // BEGIN IMMEDIATE takes the write lock of the file now (waiting up to the busy timeout
            // for another process), so the heads read below cannot be stale. Disposing an
            // uncommitted transaction rolls it back.
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = work(connection, transaction, cancellationToken);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Both settings belong to the connection, not to the file: set them on every open.
            Execute(connection, null, ConfigureConnectionSql);
            if (Volatile.Read(ref _walEnsured) == 0)
            {
                EnsureWal(connection);
                Volatile.Write(ref _walEnsured, 1);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static void EnsureWal(SqliteConnection connection)
    {
        // The journal mode is stored in the file: this switches a new file once, later opens see WAL.
        using var command = Command(connection, null, "PRAGMA journal_mode = WAL");
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"SQLite refused WAL journal mode (got '{mode}'); the store needs a file on a local disk.");
    }

    private static EntitySnapshot ReadSnapshot(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetFieldValue<byte[]>(1),
        reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2));

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }
}
