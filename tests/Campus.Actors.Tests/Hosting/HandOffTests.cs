using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Actors.Tests.Hosting;

/// <summary>
/// Shards handed off under load: a second node joins while inputs (half of them forwarded between
/// entities) keep arriving at the first; the coordinator moves campuses to the new node (their
/// entities stop with the hand-off stop message after their writes, and start again there). Every
/// acknowledged input is counted exactly once.
/// </summary>
[Collection("postgres")]
public sealed class HandOffTests(PostgresFixture fixture)
{
    private const string FastRebalance = """
        akka.cluster.sharding.rebalance-interval = 500ms
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit = 4
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-relative-limit = 0.5
        """;

    [Fact]
    public async Task Shards_moved_to_a_joining_node_under_load_lose_no_acknowledged_input_and_double_nothing()
    {
        var store = new CampusStore("postgres", await fixture.Server.CreateDatabaseAsync("handoff"));
        await using var first = await StartNodeAsync(store, seed: null);
        var acked = new Acknowledgements();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(writer => SendAsync(first.Entities, writer, acked, stop.Token)));
        await acked.WhenAtLeastAsync(100);

        var address = Akka.Cluster.Cluster.Get(first.System).SelfAddress.ToString();
        await using var second = await StartNodeAsync(store, address);
        await UntilShardsOnAsync(second);
        await acked.WhenAtLeastAsync(acked.Count + 200);
        await stop.CancelAsync();
        await load;

        await first.Entities.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await second.Entities.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var counted = (await CampusJournal.ReadAllAsync(first.System)).Select(s => s.Output).Where(o => o.Output is Added).ToList();
        var tags = counted.Select(o => ((Added)o.Output).Tag).ToList();
        Assert.Equal(tags.Count, tags.Distinct().Count());
        Assert.Empty(acked.Tags.Except(tags));
        foreach (var entity in counted.GroupBy(o => o.Entity))
            Assert.Equal(Enumerable.Range(1, entity.Count()).Select(i => (long)i), entity.Select(o => ((Added)o.Output).Count).Order());
    }

    private static Task<EntityNode> StartNodeAsync(CampusStore store, string? seed)
    {
        var host = new EntityHost(Samples.Behaviors(), Samples.Codec(), TimeProvider.System, new PubSubOutputSink(),
            new EntityHostOptions { RedeliverInterval = TimeSpan.FromMilliseconds(300), AskTimeout = TimeSpan.FromSeconds(5) });
        return EntityNode.StartAsync(host, store, new CampusClusterOptions { SeedNodes = seed is null ? [] : [seed] },
            akka => akka.AddHocon(FastRebalance, HoconAddMode.Prepend));
    }

    /// <summary>Sends inputs across eight campuses until stopped; an input that is not acknowledged is sent again with the same id.</summary>
    private static async Task SendAsync(CampusEntities entities, int writer, Acknowledgements acked, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var tag = $"w{writer}-{n}";
            var target = EntityId.Parse($"counter/c{n % 8}/k{writer}");
            object message = n % 2 == 0 ? new Add(tag) : new Forward($"counter/c{n % 8}/f{n % 3}", tag);
            while (true)
            {
                try
                {
                    await entities.TellAsync(new EntityInput(target, message, "load", tag, TimeProvider.System.GetUtcNow()));
                    acked.Add(tag);
                    break;
                }
                catch (Exception ex) when (ex is EntitiesUnavailableException or OverloadedException or AskTimeoutException)
                {
                    if (stop.IsCancellationRequested) return;
                }
            }
        }
    }

    /// <summary>Asks the joining node's region for its shards until it hosts one (each ask is the pace: no sleep).</summary>
    private static async Task UntilShardsOnAsync(EntityNode node)
    {
        var region = await node.Services.GetRequiredService<IRequiredActor<CampusRegion>>().GetAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5), deadline.Token);
            if (state.Shards.Count > 0) return;
        }
    }

    /// <summary>The acknowledged tags, and a wait for their count (no polling).</summary>
    private sealed class Acknowledgements
    {
        private readonly ConcurrentBag<string> _tags = [];
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

        public int Count => _tags.Count;

        public IEnumerable<string> Tags => _tags;

        public void Add(string tag)
        {
            _tags.Add(tag);
            lock (_gate)
            {
                foreach (var waiter in _waiters.Where(w => _tags.Count >= w.Count).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        public Task WhenAtLeastAsync(int count)
        {
            lock (_gate)
            {
                if (_tags.Count >= count) return Task.CompletedTask;
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task.WaitAsync(TimeSpan.FromSeconds(90));
            }
        }
    }
}
