using System.Text;
using Campus.Actors.Runtime;
using Campus.Actors.Storage;
using Campus.Actors.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Campus.Actors.Tests.Storage;

/// <summary>What only the SQLite provider promises: the file itself, and several stores on one file.</summary>
public sealed class SqliteShardStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("campus-sqlite-").FullName;

    private string DatabasePath => Path.Combine(_directory, "campus.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Migrating_creates_a_database_file_in_wal_mode()
    {
        await using (var store = new SqliteShardStore(DatabasePath))
            await store.MigrateAsync();

        Assert.True(File.Exists(DatabasePath));
        await using var connection = await OpenRawAsync();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode") as string);
    }

    [Fact]
    public async Task Each_migration_is_recorded_once_with_its_version_and_name()
    {
        await using (var store = new SqliteShardStore(DatabasePath))
        {
            await store.MigrateAsync();
            await store.MigrateAsync();
        }
        await using (var again = new SqliteShardStore(DatabasePath))
            await again.MigrateAsync();

        await using var connection = await OpenRawAsync();
        var expected = MigrationScripts.For("sqlite");
        Assert.NotEmpty(expected);
        Assert.Equal((long)expected.Count, Scalar(connection, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal(expected[0].Name, Scalar(connection, $"SELECT name FROM schema_migrations WHERE version = {expected[0].Version}"));
    }

    [Fact]
    public async Task A_reopened_file_keeps_its_log_and_continues_its_offsets_and_epochs()
    {
        long firstOffset;
        await using (var store = new SqliteShardStore(DatabasePath))
        {
            await store.MigrateAsync();
            firstOffset = (await store.AppendAsync([Input("e1")])).Offsets[0];
            await store.AcquireShardAsync(1, "node-a");
        }

        await using var reopened = new SqliteShardStore(DatabasePath);
        await reopened.MigrateAsync();
        var next = await reopened.AppendAsync([Input("e1"), Input("e2")]);

        Assert.Equal([AppendResult.Duplicate, firstOffset + 1], next.Offsets);
        Assert.Equal(2, (await reopened.AcquireShardAsync(1, "node-b")).Epoch);
        Assert.Equal(["e1", "e2"], (await reopened.ReadLogAsync(1, 0, 10)).Select(e => e.EventId));
    }

    [Fact]
    public async Task Two_stores_on_one_file_never_reuse_an_offset()
    {
        // Two store instances have separate in-process locks, like two processes: only the
        // file's own write lock (BEGIN IMMEDIATE) keeps their appends apart.
        await using var a = new SqliteShardStore(DatabasePath);
        await using var b = new SqliteShardStore(DatabasePath);
        await a.MigrateAsync();
        await b.MigrateAsync();

        var calls = Enumerable.Range(0, 20).Select(c => Task.Run(() =>
            (c % 2 == 0 ? a : b).AppendAsync([.. Enumerable.Range(0, 25).Select(i => Input($"c{c}-{i}"))])));
        var offsets = (await Task.WhenAll(calls)).SelectMany(r => r.Offsets).ToArray();

        Assert.Equal(500, offsets.Distinct().Count());
        Assert.Equal(offsets.Order(), (await a.ReadLogAsync(1, 0, 1000)).Select(e => e.Offset));
    }

    [Fact]
    public async Task A_disposed_store_refuses_new_operations()
    {
        var store = new SqliteShardStore(DatabasePath);
        await store.MigrateAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync([Input("e1")]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetLogHeadAsync(1));
    }

    private static LogAppend Input(string eventId) =>
        new(1, "reader-1", eventId, "student/hj/S1001", "RecordAccess", Encoding.UTF8.GetBytes("{}"), 0);

    private async Task<SqliteConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
