using System.Text;
using Campus.Actors.Runtime;

namespace Campus.Actors.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IShardStore"/> provider must have. A provider's test class
/// derives from it and supplies fresh stores; nothing here depends on one provider.
/// </summary>
/// <remarks>
/// Offsets are only assumed to be positive and increasing per shard: the contract allows gaps.
/// </remarks>
public abstract class StoreContractTests
{
    private const long T0 = 638_000_000_000_000_000;

    /// <summary>A new, empty, migrated store. The test disposes it.</summary>
    protected abstract Task<IShardStore> CreateStoreAsync();

    [Fact]
    public async Task Appended_inputs_get_increasing_offsets_per_shard()
    {
        await using var store = await CreateStoreAsync();

        var first = await store.AppendAsync([Input(1, "a"), Input(2, "b"), Input(1, "c"), Input(1, "d"), Input(2, "e")]);
        var second = await store.AppendAsync([Input(2, "f"), Input(1, "g")]);

        var shard1 = new[] { first.Offsets[0], first.Offsets[2], first.Offsets[3], second.Offsets[1] };
        var shard2 = new[] { first.Offsets[1], first.Offsets[4], second.Offsets[0] };
        AssertIncreasingFromOne(shard1);
        AssertIncreasingFromOne(shard2);
        Assert.Equal(shard1[^1], await store.GetLogHeadAsync(1));
        Assert.Equal(shard2[^1], await store.GetLogHeadAsync(2));
    }

    [Fact]
    public async Task The_log_head_of_an_empty_shard_is_zero()
    {
        await using var store = await CreateStoreAsync();

        Assert.Equal(0, await store.GetLogHeadAsync(7));
        Assert.Empty(await store.ReadLogAsync(7, 0, 10));
    }

    [Fact]
    public async Task A_log_entry_keeps_every_field_of_its_input()
    {
        await using var store = await CreateStoreAsync();
        var input = new LogAppend(3, "reader-12", "evt-9", "student/hj/S1001", "RecordAccess", Json("{\"door\":\"north\"}"), T0 + 42);

        var result = await store.AppendAsync([input]);

        var entry = Assert.Single(await store.ReadLogAsync(3, 0, 10));
        Assert.Equal(3, entry.Shard);
        Assert.Equal(result.Offsets[0], entry.Offset);
        Assert.Equal("reader-12", entry.Source);
        Assert.Equal("evt-9", entry.EventId);
        Assert.Equal("student/hj/S1001", entry.EntityId);
        Assert.Equal("RecordAccess", entry.MessageType);
        Assert.Equal(input.Payload, entry.Payload);
        Assert.Equal(T0 + 42, entry.OccurredAt);
    }

    [Fact]
    public async Task A_duplicate_source_and_event_id_is_dropped_at_append()
    {
        await using var store = await CreateStoreAsync();
        var first = await store.AppendAsync([Input(1, "e1")]);

        var again = await store.AppendAsync([Input(1, "e1", payload: "{\"retry\":true}")]);

        Assert.Equal([AppendResult.Duplicate], again.Offsets);
        var entry = Assert.Single(await store.ReadLogAsync(1, 0, 10));
        Assert.Equal(first.Offsets[0], entry.Offset);
        Assert.Equal(Json("{}"), entry.Payload);
        Assert.Equal(first.Offsets[0], await store.GetLogHeadAsync(1));
    }

    [Fact]
    public async Task A_duplicate_within_one_call_is_dropped()
    {
        await using var store = await CreateStoreAsync();

        var result = await store.AppendAsync([Input(1, "e1"), Input(1, "e2"), Input(1, "e1")]);

        Assert.Equal(AppendResult.Duplicate, result.Offsets[2]);
        Assert.True(result.Offsets[0] > 0 && result.Offsets[1] > result.Offsets[0]);
        Assert.Equal(2, (await store.ReadLogAsync(1, 0, 10)).Count);
    }

    [Fact]
    public async Task A_dropped_duplicate_does_not_stop_the_inputs_after_it()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync([Input(1, "e1")]);

        var result = await store.AppendAsync([Input(1, "e1"), Input(1, "e2")]);

        Assert.Equal(AppendResult.Duplicate, result.Offsets[0]);
        Assert.True(result.Offsets[1] > 0);
        Assert.Equal(["e1", "e2"], (await store.ReadLogAsync(1, 0, 10)).Select(e => e.EventId));
    }

    [Fact]
    public async Task The_same_event_id_from_another_source_is_not_a_duplicate()
    {
        await using var store = await CreateStoreAsync();

        var result = await store.AppendAsync([Input(1, "e1", source: "reader-1"), Input(1, "e1", source: "reader-2")]);

        Assert.DoesNotContain(AppendResult.Duplicate, result.Offsets);
        Assert.Equal(2, (await store.ReadLogAsync(1, 0, 10)).Count);
    }

    [Fact]
    public async Task The_same_source_and_event_id_in_another_shard_is_not_a_duplicate()
    {
        await using var store = await CreateStoreAsync();

        var result = await store.AppendAsync([Input(1, "e1"), Input(2, "e1")]);

        Assert.DoesNotContain(AppendResult.Duplicate, result.Offsets);
        Assert.Single(await store.ReadLogAsync(1, 0, 10));
        Assert.Single(await store.ReadLogAsync(2, 0, 10));
    }

    [Fact]
    public async Task Read_log_returns_entries_after_an_offset_in_order_up_to_max()
    {
        await using var store = await CreateStoreAsync();
        var offsets = (await store.AppendAsync([Input(1, "e1"), Input(1, "e2"), Input(1, "e3"), Input(1, "e4"), Input(1, "e5")])).Offsets;

        var page = await store.ReadLogAsync(1, offsets[1], 2);

        Assert.Equal([offsets[2], offsets[3]], page.Select(e => e.Offset));
        Assert.Equal(["e3", "e4"], page.Select(e => e.EventId));
        Assert.Equal(["e5"], (await store.ReadLogAsync(1, offsets[3], 100)).Select(e => e.EventId));
        Assert.Empty(await store.ReadLogAsync(1, offsets[4], 100));
    }

    [Fact]
    public async Task Migrate_twice_is_harmless()
    {
        await using var store = await CreateStoreAsync();
        var before = await store.AppendAsync([Input(1, "e1")]);

        await store.MigrateAsync();
        await store.MigrateAsync();

        var after = await store.AppendAsync([Input(1, "e1"), Input(1, "e2")]);
        Assert.Equal(AppendResult.Duplicate, after.Offsets[0]);
        Assert.True(after.Offsets[1] > before.Offsets[0]);
        Assert.Equal(2, (await store.ReadLogAsync(1, 0, 10)).Count);
    }

    [Fact]
    public async Task Acquiring_a_shard_increments_its_epoch()
    {
        await using var store = await CreateStoreAsync();

        var first = await store.AcquireShardAsync(4, "node-a");
        var second = await store.AcquireShardAsync(4, "node-b");
        var other = await store.AcquireShardAsync(5, "node-a");

        Assert.Equal(new ShardLease(4, 1, 0), first);
        Assert.Equal(new ShardLease(4, 2, 0), second);
        Assert.Equal(new ShardLease(5, 1, 0), other);
    }

    [Fact]
    public async Task A_checkpoint_with_the_current_epoch_stores_offset_states_and_outputs()
    {
        await using var store = await CreateStoreAsync();
        var lease = await store.AcquireShardAsync(1, "node-a");

        await store.WriteCheckpointAsync(new ShardCheckpoint(1, lease.Epoch, 5,
            [Snapshot("student/hj/S1", "{\"in\":true}", "[1]"), Snapshot("dorm/hj/D1", "{\"count\":1}")],
            [Output(1, 5, 0, "student/hj/S1"), Output(1, 5, 1, "dorm/hj/D1")]));

        var s1 = await store.LoadEntityAsync(1, "student/hj/S1");
        Assert.NotNull(s1);
        Assert.Equal(Json("{\"in\":true}"), s1.State);
        Assert.Equal(Json("[1]"), s1.Timers);
        var d1 = await store.LoadEntityAsync(1, "dorm/hj/D1");
        Assert.NotNull(d1);
        Assert.Null(d1.Timers);
        Assert.Equal(["1-5-0", "1-5-1"], (await store.ReadOutputsAsync(1, 0, 10)).Select(o => o.OutputId));
        Assert.Equal(5, (await store.AcquireShardAsync(1, "node-b")).CheckpointOffset);
    }

    [Fact]
    public async Task An_output_keeps_every_field_it_was_written_with()
    {
        await using var store = await CreateStoreAsync();
        var lease = await store.AcquireShardAsync(2, "node-a");
        var output = new OutputRecord("2-9-3", 2, 9, 3, "student/hj/S1", "CurfewMissed", Json("{\"late\":5}"), T0 + 7);

        await store.WriteCheckpointAsync(new ShardCheckpoint(2, lease.Epoch, 9, [], [output]));

        var stored = Assert.Single(await store.ReadOutputsAsync(2, 0, 10));
        Assert.Equal(("2-9-3", 2, 9L, 3, "student/hj/S1", "CurfewMissed", T0 + 7),
            (stored.OutputId, stored.Shard, stored.Offset, stored.Index, stored.EntityId, stored.OutputType, stored.OccurredAt));
        Assert.Equal(output.Payload, stored.Payload);
    }

    [Fact]
    public async Task A_checkpoint_with_an_older_epoch_is_fenced_and_writes_nothing()
    {
        await using var store = await CreateStoreAsync();
        var old = await store.AcquireShardAsync(1, "node-a");
        await store.AcquireShardAsync(1, "node-b");

        var fenced = await Assert.ThrowsAsync<ShardFencedException>(() => store.WriteCheckpointAsync(
            new ShardCheckpoint(1, old.Epoch, 8, [Snapshot("student/hj/S1", "{}")], [Output(1, 8, 0, "student/hj/S1")])));

        Assert.Equal((1, old.Epoch), (fenced.Shard, fenced.Epoch));
        Assert.Null(await store.LoadEntityAsync(1, "student/hj/S1"));
        Assert.Empty(await store.ReadOutputsAsync(1, 0, 10));
        Assert.Equal(0, (await store.AcquireShardAsync(1, "node-c")).CheckpointOffset);
    }

    [Fact]
    public async Task A_checkpoint_of_a_shard_never_acquired_is_fenced()
    {
        await using var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ShardFencedException>(() => store.WriteCheckpointAsync(
            new ShardCheckpoint(6, 1, 3, [Snapshot("student/hj/S1", "{}")], [])));

        Assert.Null(await store.LoadEntityAsync(6, "student/hj/S1"));
    }

    [Fact]
    public async Task A_replayed_output_with_the_same_id_is_stored_once()
    {
        await using var store = await CreateStoreAsync();
        var lease = await store.AcquireShardAsync(1, "node-a");
        await store.WriteCheckpointAsync(new ShardCheckpoint(1, lease.Epoch, 3, [], [Output(1, 3, 0, "student/hj/S1", "{\"first\":true}")]));

        await store.WriteCheckpointAsync(new ShardCheckpoint(1, lease.Epoch, 4, [],
            [Output(1, 3, 0, "student/hj/S1", "{\"replayed\":true}"), Output(1, 4, 0, "student/hj/S1")]));

        var outputs = await store.ReadOutputsAsync(1, 0, 10);
        Assert.Equal(["1-3-0", "1-4-0"], outputs.Select(o => o.OutputId));
        Assert.Equal(Json("{\"first\":true}"), outputs[0].Payload);
    }

    [Fact]
    public async Task Read_outputs_returns_outputs_after_an_offset_in_offset_and_index_order()
    {
        await using var store = await CreateStoreAsync();
        var lease = await store.AcquireShardAsync(1, "node-a");
        await store.WriteCheckpointAsync(new ShardCheckpoint(1, lease.Epoch, 12, [],
        [
            Output(1, 12, 0, "e/c/a"), Output(1, 10, 1, "e/c/a"), Output(1, 11, 0, "e/c/a"),
            Output(1, 10, 0, "e/c/a"), Output(1, 12, 1, "e/c/a"), Output(1, 9, 0, "e/c/a"),
        ]));

        Assert.Equal(["1-10-0", "1-10-1", "1-11-0"], (await store.ReadOutputsAsync(1, 9, 3)).Select(o => o.OutputId));
        Assert.Equal(["1-12-0", "1-12-1"], (await store.ReadOutputsAsync(1, 11, 10)).Select(o => o.OutputId));
    }

    [Fact]
    public async Task A_later_snapshot_replaces_an_entity_state()
    {
        await using var store = await CreateStoreAsync();
        var lease = await store.AcquireShardAsync(1, "node-a");
        await store.WriteCheckpointAsync(new ShardCheckpoint(1, lease.Epoch, 1, [Snapshot("student/hj/S1", "{\"v\":1}", "[1]")], []));

        await store.WriteCheckpointAsync(new ShardCheckpoint(1, lease.Epoch, 2, [Snapshot("student/hj/S1", "{\"v\":2}")], []));

        var snapshot = await store.LoadEntityAsync(1, "student/hj/S1");
        Assert.NotNull(snapshot);
        Assert.Equal(Json("{\"v\":2}"), snapshot.State);
        Assert.Null(snapshot.Timers);
        Assert.Single(await ToListAsync(store.LoadEntitiesAsync(1)));
    }

    [Fact]
    public async Task Load_entities_streams_every_snapshot_of_a_shard()
    {
        await using var store = await CreateStoreAsync();
        var lease = await store.AcquireShardAsync(1, "node-a");
        var ids = Enumerable.Range(0, 50).Select(i => $"student/hj/S{i:D3}").ToArray();
        await store.WriteCheckpointAsync(new ShardCheckpoint(1, lease.Epoch, 1, [.. ids.Select(id => Snapshot(id, $"{{\"id\":\"{id}\"}}"))], []));

        var loaded = await ToListAsync(store.LoadEntitiesAsync(1));

        Assert.Equal(ids.Order(StringComparer.Ordinal), loaded.Select(s => s.EntityId).Order(StringComparer.Ordinal));
        Assert.All(loaded, s => Assert.Equal(Json($"{{\"id\":\"{s.EntityId}\"}}"), s.State));
    }

    [Fact]
    public async Task Load_entity_returns_null_for_an_unknown_entity()
    {
        await using var store = await CreateStoreAsync();

        Assert.Null(await store.LoadEntityAsync(1, "student/hj/nobody"));
        Assert.Empty(await ToListAsync(store.LoadEntitiesAsync(1)));
    }

    [Fact]
    public async Task Shards_do_not_see_each_others_entities_or_log()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync([Input(1, "e1"), Input(2, "e2")]);
        var lease1 = await store.AcquireShardAsync(1, "node-a");
        var lease2 = await store.AcquireShardAsync(2, "node-a");
        await store.WriteCheckpointAsync(new ShardCheckpoint(1, lease1.Epoch, 1, [Snapshot("dorm/hj/D1", "{\"shard\":1}")], [Output(1, 1, 0, "dorm/hj/D1")]));
        await store.WriteCheckpointAsync(new ShardCheckpoint(2, lease2.Epoch, 1, [Snapshot("dorm/hj/D1", "{\"shard\":2}")], []));

        Assert.Equal(["e1"], (await store.ReadLogAsync(1, 0, 10)).Select(e => e.EventId));
        Assert.Equal(["e2"], (await store.ReadLogAsync(2, 0, 10)).Select(e => e.EventId));
        Assert.Equal(Json("{\"shard\":2}"), (await store.LoadEntityAsync(2, "dorm/hj/D1"))?.State);
        Assert.Equal([Json("{\"shard\":1}")], (await ToListAsync(store.LoadEntitiesAsync(1))).Select(s => s.State));
        Assert.Empty(await store.ReadOutputsAsync(2, 0, 10));
        Assert.Null(await store.LoadEntityAsync(3, "dorm/hj/D1"));
    }

    [Fact]
    public async Task Concurrent_appends_never_reuse_an_offset()
    {
        await using var store = await CreateStoreAsync();
        const int Calls = 16;
        const int PerCall = 20;

        var results = await Task.WhenAll(Enumerable.Range(0, Calls).Select(c => Task.Run(() =>
            store.AppendAsync([.. Enumerable.Range(0, PerCall).Select(i => Input(1, $"c{c}-{i}"))]))));

        foreach (var result in results) AssertIncreasing(result.Offsets);
        var offsets = results.SelectMany(r => r.Offsets).ToArray();
        Assert.Equal(Calls * PerCall, offsets.Distinct().Count());
        var log = await store.ReadLogAsync(1, 0, Calls * PerCall + 1);
        Assert.Equal(offsets.Order(), log.Select(e => e.Offset));
        Assert.Equal(offsets.Max(), await store.GetLogHeadAsync(1));
    }

    private static LogAppend Input(int shard, string eventId, string source = "reader-1", string payload = "{}") =>
        new(shard, source, eventId, "student/hj/S1001", "RecordAccess", Json(payload), T0);

    private static EntitySnapshot Snapshot(string entityId, string state, string? timers = null) =>
        new(entityId, Json(state), timers is null ? null : Json(timers));

    private static OutputRecord Output(int shard, long offset, int index, string entityId, string payload = "{}") =>
        new($"{shard}-{offset}-{index}", shard, offset, index, entityId, "AlertRaised", Json(payload), T0 + offset);

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static void AssertIncreasingFromOne(long[] offsets)
    {
        Assert.True(offsets[0] >= 1, $"The first offset is {offsets[0]}, not positive.");
        AssertIncreasing(offsets);
    }

    private static void AssertIncreasing(long[] offsets)
    {
        for (var i = 1; i < offsets.Length; i++)
            Assert.True(offsets[i] > offsets[i - 1], $"Offsets are not increasing: {string.Join(", ", offsets)}.");
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source) list.Add(item);
        return list;
    }
}
