using System.Text;
using Campus.Actors.Runtime;
using Campus.Actors.Storage;
using Campus.Actors.Storage.Postgres;
using Campus.TestKit;
using Npgsql;

namespace Campus.Actors.Tests.Storage;

/// <summary>What is specific to the PostgreSQL store; the shared contract runs in PostgresStoreContractTests.</summary>
[Collection("postgres")]
public sealed class PostgresStoreTests(PostgresFixture fixture) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }

    [Fact]
    public async Task The_throwaway_server_starts_and_stops_even_when_the_tests_run_as_root()
    {
        var server = await PostgresServer.StartAsync();
        string? directory;
        await using (server)
        {
            directory = server.RootDirectory;
            await using var connection = new NpgsqlConnection(await server.CreateDatabaseAsync("root_check"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_database()", connection);
            Assert.StartsWith("root_check_", (string)(await command.ExecuteScalarAsync())!);
        }

        if (directory is not null) Assert.False(Directory.Exists(directory), "The server's directory is deleted on dispose.");
    }

    [Fact]
    public async Task Migrations_are_idempotent_even_when_nodes_start_together()
    {
        var connectionString = await fixture.Server.CreateSchemaAsync("migrate");
        var stores = Enumerable.Range(0, 4).Select(_ => Track(new PostgresShardStore(connectionString))).ToList();

        await Task.WhenAll(stores.Select(s => s.MigrateAsync()));
        await stores[0].MigrateAsync();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT version) FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var expected = MigrationScripts.For("postgres").Count;
        Assert.Equal(expected, reader.GetInt64(0));
        Assert.Equal(expected, reader.GetInt64(1));
    }

    [Fact]
    public async Task Append_assigns_increasing_offsets_per_shard_in_call_order()
    {
        var store = await NewStoreAsync();

        var first = await store.AppendAsync([Input(1, "a"), Input(2, "b"), Input(1, "c")]);
        var second = await store.AppendAsync([Input(1, "d")]);

        Assert.Equal([1, 1, 2], first.Offsets);
        Assert.Equal([3], second.Offsets);
        Assert.Equal(3, await store.GetLogHeadAsync(1));
        Assert.Equal(1, await store.GetLogHeadAsync(2));
        Assert.Equal(0, await store.GetLogHeadAsync(3));
        var log = await store.ReadLogAsync(1, 0, 10);
        Assert.Equal(["a", "c", "d"], log.Select(e => e.EventId));
        Assert.Equal([1L, 2, 3], log.Select(e => e.Offset));
    }

    [Fact]
    public async Task Append_drops_an_event_stored_by_an_earlier_call()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync([Input(1, "a")]);

        var result = await store.AppendAsync([Input(1, "b"), Input(1, "a", payload: "second copy"), Input(1, "c")]);

        Assert.Equal(AppendResult.Duplicate, result.Offsets[1]);
        Assert.True(result.Offsets[0] > 1 && result.Offsets[2] > result.Offsets[0]);
        var log = await store.ReadLogAsync(1, 0, 10);
        Assert.Equal(["a", "b", "c"], log.Select(e => e.EventId));
        Assert.Equal("{}", Encoding.UTF8.GetString(log[0].Payload));
        Assert.Equal(log[^1].Offset, await store.GetLogHeadAsync(1));
    }

    [Fact]
    public async Task Append_drops_an_event_repeated_within_one_call_and_keeps_the_first()
    {
        var store = await NewStoreAsync();

        var result = await store.AppendAsync([Input(1, "a"), Input(1, "a", payload: "second copy"), Input(1, "b")]);

        Assert.Equal([1, AppendResult.Duplicate, 2], result.Offsets);
        var log = await store.ReadLogAsync(1, 0, 10);
        Assert.Equal(["a", "b"], log.Select(e => e.EventId));
        Assert.Equal("{}", Encoding.UTF8.GetString(log[0].Payload));
    }

    [Fact]
    public async Task The_same_event_id_from_another_source_or_shard_is_not_a_duplicate()
    {
        var store = await NewStoreAsync();

        var result = await store.AppendAsync([Input(1, "e1", source: "gate-1"), Input(1, "e1", source: "gate-2"), Input(2, "e1", source: "gate-1")]);

        Assert.Equal([1, 2, 1], result.Offsets);
    }

    [Fact]
    public async Task Concurrent_appends_to_one_shard_never_reuse_an_offset_and_read_back_in_order()
    {
        var connectionString = await fixture.Server.CreateSchemaAsync("concurrent");
        var nodes = Enumerable.Range(0, 3).Select(_ => Track(new PostgresShardStore(connectionString))).ToList();
        await nodes[0].MigrateAsync();
        const int Writers = 12, Calls = 15, PerCall = 7, Total = Writers * Calls * PerCall;

        // A tailing reader must see every offset once, without gaps, in order, while the writers run.
        var tail = Task.Run(async () =>
        {
            var seen = new List<long>();
            while (seen.Count < Total)
            {
                var page = await nodes[2].ReadLogAsync(5, seen.Count == 0 ? 0 : seen[^1], 500);
                foreach (var entry in page)
                {
                    Assert.Equal(seen.Count + 1, entry.Offset);
                    seen.Add(entry.Offset);
                }
            }
            return seen;
        });
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var offsets = new List<long>();
            for (var c = 0; c < Calls; c++)
            {
                var inputs = Enumerable.Range(0, PerCall).Select(i => Input(5, $"w{w}-c{c}-i{i}", source: $"writer-{w}")).ToList();
                var result = await nodes[w % 2].AppendAsync(inputs);
                Assert.True(result.Offsets.Zip(result.Offsets.Skip(1)).All(p => p.Second == p.First + 1), "A call's offsets are consecutive.");
                offsets.AddRange(result.Offsets);
            }
            return offsets;
        })).ToList();

        var assigned = (await Task.WhenAll(writers)).SelectMany(o => o).ToList();
        var read = await tail.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Total, assigned.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), assigned.Order());
        Assert.Equal(Total, read.Count);
        Assert.Equal(Total, await nodes[0].GetLogHeadAsync(5));
    }

    [Fact]
    public async Task Acquiring_a_shard_increments_its_epoch_and_returns_its_checkpoint()
    {
        var store = await NewStoreAsync();

        var first = await store.AcquireShardAsync(3, "node-a");
        await store.WriteCheckpointAsync(new ShardCheckpoint(3, first.Epoch, 42, [], []));
        var second = await store.AcquireShardAsync(3, "node-b");

        Assert.Equal(new ShardLease(3, 1, 0), first);
        Assert.Equal(new ShardLease(3, 2, 42), second);
    }

    [Fact]
    public async Task A_checkpoint_with_the_current_epoch_stores_its_offset_states_and_outputs()
    {
        var store = await NewStoreAsync();
        var lease = await store.AcquireShardAsync(4, "node-a");

        await store.WriteCheckpointAsync(new ShardCheckpoint(4, lease.Epoch, 7,
            [Snapshot("student/hj/S1", "in"), Snapshot("dorm/hj/D1", "open", timers: "[1]")],
            [Output(4, 5, 1, "late"), Output(4, 5, 0, "raised"), Output(4, 7, 0, "closed")]));
        await store.WriteCheckpointAsync(new ShardCheckpoint(4, lease.Epoch, 9, [Snapshot("student/hj/S1", "out")], []));

        Assert.Equal(9, (await store.AcquireShardAsync(4, "node-b")).CheckpointOffset);
        var student = await store.LoadEntityAsync(4, "student/hj/S1");
        Assert.Equal("out", Encoding.UTF8.GetString(student!.State));
        Assert.Null(student.Timers);
        var dorm = await store.LoadEntityAsync(4, "dorm/hj/D1");
        Assert.Equal("[1]", Encoding.UTF8.GetString(dorm!.Timers!));
        Assert.Null(await store.LoadEntityAsync(4, "gate/hj/N1"));
        Assert.Equal(["dorm/hj/D1", "student/hj/S1"], (await store.LoadEntitiesAsync(4).ToListAsync()).Select(e => e.EntityId).Order());
        Assert.Empty(await store.LoadEntitiesAsync(5).ToListAsync());
        var outputs = await store.ReadOutputsAsync(4, 0, 10);
        Assert.Equal(["4-5-0", "4-5-1", "4-7-0"], outputs.Select(o => o.OutputId));
        Assert.Equal(Output(4, 5, 0, "raised") with { Payload = outputs[0].Payload }, outputs[0]);
        Assert.Equal(["4-7-0"], (await store.ReadOutputsAsync(4, 5, 10)).Select(o => o.OutputId));
    }

    [Fact]
    public async Task A_checkpoint_with_an_older_epoch_is_fenced_and_nothing_of_it_is_visible()
    {
        var store = await NewStoreAsync();
        var old = await store.AcquireShardAsync(6, "node-a");
        await store.WriteCheckpointAsync(new ShardCheckpoint(6, old.Epoch, 3, [Snapshot("student/hj/S1", "v1")], []));
        var current = await store.AcquireShardAsync(6, "node-b");

        var fenced = await Assert.ThrowsAsync<ShardFencedException>(() => store.WriteCheckpointAsync(
            new ShardCheckpoint(6, old.Epoch, 8, [Snapshot("student/hj/S1", "stale"), Snapshot("student/hj/S2", "stale")], [Output(6, 8, 0, "stale")])));

        Assert.Equal((6, old.Epoch), (fenced.Shard, fenced.Epoch));
        Assert.Equal("v1", Encoding.UTF8.GetString((await store.LoadEntityAsync(6, "student/hj/S1"))!.State));
        Assert.Null(await store.LoadEntityAsync(6, "student/hj/S2"));
        Assert.Empty(await store.ReadOutputsAsync(6, 0, 10));
        Assert.Equal(new ShardLease(6, current.Epoch + 1, 3), await store.AcquireShardAsync(6, "node-c"));
    }

    [Fact]
    public async Task A_replayed_output_id_is_stored_once()
    {
        var store = await NewStoreAsync();
        var lease = await store.AcquireShardAsync(2, "node-a");

        await store.WriteCheckpointAsync(new ShardCheckpoint(2, lease.Epoch, 5, [], [Output(2, 5, 0, "first")]));
        await store.WriteCheckpointAsync(new ShardCheckpoint(2, lease.Epoch, 5, [], [Output(2, 5, 0, "replayed"), Output(2, 5, 1, "new")]));

        var outputs = await store.ReadOutputsAsync(2, 0, 10);
        Assert.Equal(["2-5-0", "2-5-1"], outputs.Select(o => o.OutputId));
        Assert.Equal("first", Encoding.UTF8.GetString(outputs[0].Payload));
    }

    private async Task<PostgresShardStore> NewStoreAsync()
    {
        var store = Track(new PostgresShardStore(await fixture.Server.CreateSchemaAsync("store")));
        await store.MigrateAsync();
        return store;
    }

    private T Track<T>(T store) where T : IAsyncDisposable
    {
        _stores.Add(store);
        return store;
    }

    private static LogAppend Input(int shard, string eventId, string source = "gate-1", string payload = "{}") =>
        new(shard, source, eventId, "student/hj/S1", "StudentEnteredDorm", Encoding.UTF8.GetBytes(payload), 638_000_000_000_000_000);

    private static EntitySnapshot Snapshot(string entityId, string state, string? timers = null) =>
        new(entityId, Encoding.UTF8.GetBytes(state), timers is null ? null : Encoding.UTF8.GetBytes(timers));

    private static OutputRecord Output(int shard, long offset, int index, string payload) =>
        new($"{shard}-{offset}-{index}", shard, offset, index, "alert/hj/A1", "AlertRaised", Encoding.UTF8.GetBytes(payload), 638_000_000_000_000_000 + offset);
}
