using Campus.Actors.Runtime;
using Campus.Actors.Storage.Sqlite;
using Campus.TestKit;

namespace Campus.Actors.Tests.Runtime;

public sealed class FencingTests : IDisposable
{
    private static readonly EntityId Counter = EntityId.Parse("counter/hj/A");
    private readonly string _directory = Directory.CreateTempSubdirectory("campus-fencing-").FullName;

    [Fact]
    public async Task Two_owners_of_one_shard_the_older_epoch_is_fenced_stops_and_leaves_nothing_visible()
    {
        var path = Path.Combine(_directory, "campus.db");
        var clock = new ManualClock(ShardHarness.DefaultStart);
        var options = new RuntimeOptions { ShardCount = 4, StoreRetryDelay = TimeSpan.Zero };
        var shard = new ShardMap(4).ShardOf(Counter);
        options.OwnedShards = [shard];
        await using var storeA = new SqliteShardStore(path);
        await storeA.MigrateAsync();
        await using var ownerA = new EntityRuntime(storeA, Samples.Behaviors(), Samples.Codec(), options, clock);
        await ownerA.StartAsync();
        await ownerA.TellAsync(Counter, new Add("1"), "test", "1", clock.GetUtcNow());
        await ownerA.WhenIdleAsync();

        await using var storeB = new SqliteShardStore(path);
        await using var ownerB = new EntityRuntime(storeB, Samples.Behaviors(), Samples.Codec(), options, clock);
        await ownerB.StartAsync();
        Assert.True(ownerB.GetShardStatus().Single().Epoch > ownerA.GetShardStatus().Single().Epoch);

        // A does not know yet: it applies the next input and tries to checkpoint it.
        await ownerA.TellAsync(Counter, new Add("2"), "test", "2", clock.GetUtcNow());
        await ownerA.WhenIdleAsync();

        Assert.Equal(ShardState.Fenced, ownerA.GetShardStatus().Single().State);
        var outputs = await storeB.ReadOutputsAsync(shard, 0, 100);
        Assert.Equal(["1"], outputs.Select(o => ((Added)ownerB.Codec.Decode(o.OutputType, o.Payload)).Tag));
        var state = await storeB.LoadEntityAsync(shard, Counter.ToString());
        Assert.Contains("\"count\":1", System.Text.Encoding.UTF8.GetString(state!.State), StringComparison.Ordinal);

        // The current owner applies it; the fenced one processes nothing more.
        using var probeA = new OutputProbe(ownerA);
        await ownerA.TellAsync(Counter, new Add("3"), "test", "3", clock.GetUtcNow());
        await ownerB.WhenIdleAsync();
        outputs = await storeB.ReadOutputsAsync(shard, 0, 100);
        Assert.Equal(["1", "2", "3"], outputs.Select(o => ((Added)ownerB.Codec.Decode(o.OutputType, o.Payload)).Tag));
        await probeA.ExpectNoneAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
