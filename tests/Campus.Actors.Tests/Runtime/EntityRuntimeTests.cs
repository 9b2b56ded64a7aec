using Campus.Actors.Runtime;
using Campus.Actors.Storage.Postgres;
using Campus.Actors.Tests.Storage;
using Campus.TestKit;

namespace Campus.Actors.Tests.Runtime;

/// <summary>The runtime's behaviour on SQLite (the embedded default).</summary>
public sealed class SqliteEntityRuntimeTests : EntityRuntimeTests
{
    protected override Task<Func<IShardStore>?> CreateStoreFactoryAsync() => Task.FromResult<Func<IShardStore>?>(null);
}

/// <summary>The runtime's behaviour on PostgreSQL, a fresh schema per harness.</summary>
[Collection("postgres")]
public sealed class PostgresEntityRuntimeTests(PostgresFixture fixture) : EntityRuntimeTests
{
    protected override async Task<Func<IShardStore>?> CreateStoreFactoryAsync()
    {
        var connection = await fixture.Server.CreateSchemaAsync("runtime");
        return () => new PostgresShardStore(connection);
    }
}

public abstract class EntityRuntimeTests : IAsyncLifetime
{
    private static readonly EntityId CounterA = EntityId.Parse("counter/hj/A");
    private static readonly EntityId CounterB = EntityId.Parse("counter/hj/B");
    private ShardHarness _harness = null!;

    /// <summary>A store factory for one harness (one fresh store), or null for a fresh SQLite file.</summary>
    protected abstract Task<Func<IShardStore>?> CreateStoreFactoryAsync();

    public async Task InitializeAsync() => _harness = await StartHarnessAsync();

    private async Task<ShardHarness> StartHarnessAsync(Action<RuntimeOptions>? configure = null, Func<EntityBehavior[]>? behaviors = null) =>
        await ShardHarness.StartAsync(behaviors ?? Samples.Behaviors, Samples.Codec, configure, await CreateStoreFactoryAsync());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task An_input_reaches_its_entity_and_its_output_is_published_and_stored()
    {
        await _harness.TellAsync(CounterA, new Add("x"));

        var added = await _harness.Probe.ExpectAsync<Added>();
        Assert.Equal(new Added("x", 1), added);
        await _harness.IdleAsync();
        var shard = _harness.Runtime.ShardMap.ShardOf(CounterA);
        var stored = await _harness.Store.ReadOutputsAsync(shard, 0, 10);
        Assert.Equal(_harness.Probe.All.Single().OutputId, Assert.Single(stored).OutputId);
    }

    [Fact]
    public async Task A_duplicate_input_is_dropped_at_append_and_applied_once()
    {
        Assert.True(await _harness.TellAsync(CounterA, new Add("x"), eventId: "dev-1"));
        Assert.False(await _harness.TellAsync(CounterA, new Add("x"), eventId: "dev-1"));

        await _harness.Probe.ExpectAsync<Added>(a => a.Count == 1);
        await _harness.Probe.ExpectNoneAsync();
    }

    [Fact]
    public async Task Inputs_of_one_shard_are_applied_in_order()
    {
        for (var i = 1; i <= 50; i++) await _harness.TellAsync(CounterA, new Add($"t{i}"));

        for (var i = 1; i <= 50; i++)
            await _harness.Probe.ExpectAsync<Added>(a => a.Tag == $"t{i}" && a.Count == i);
    }

    [Fact]
    public async Task Tells_between_entities_of_a_shard_are_delivered_before_the_next_input()
    {
        var rows = new List<Input>
        {
            new(CounterA, new Forward(CounterB.ToString(), "told"), "test", "1", _harness.Clock.GetUtcNow()),
            new(CounterB, new Add("next-input"), "test", "2", _harness.Clock.GetUtcNow()),
        };
        await _harness.Runtime.AppendAsync(rows);

        await _harness.Probe.ExpectAsync<Added>(a => a.Tag == "told" && a.Count == 1);
        await _harness.Probe.ExpectAsync<Added>(a => a.Tag == "next-input" && a.Count == 2);
    }

    [Fact]
    public async Task A_tell_to_another_campus_is_delivered_once_through_that_shards_log()
    {
        var (from, to) = TwoCampusesOnDifferentShards(_harness.Runtime.ShardMap);

        await _harness.TellAsync(from, new Forward(to.ToString(), "far"));

        var output = await _harness.Probe.ExpectOutputAsync();
        Assert.Equal(to, output.Entity);
        Assert.Equal(new Added("far", 1), output.Output);
        await _harness.Probe.ExpectNoneAsync();
    }

    [Fact]
    public async Task A_timer_fires_once_at_its_due_time_and_the_entity_sees_that_time()
    {
        var alarm = EntityId.Parse("alarm/hj/1");
        var due = _harness.Clock.GetUtcNow().AddMinutes(10);
        await _harness.TellAsync(alarm, new SetAlarm("curfew", due));
        await _harness.Probe.ExpectNoneAsync();

        await _harness.AdvanceAsync(TimeSpan.FromMinutes(9));
        await _harness.Probe.ExpectNoneAsync();

        await _harness.AdvanceAsync(TimeSpan.FromMinutes(5));
        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "curfew" && r.At == due);
        await _harness.AdvanceAsync(TimeSpan.FromHours(1));
        await _harness.Probe.ExpectNoneAsync();
    }

    [Fact]
    public async Task A_cancelled_timer_does_not_fire()
    {
        var alarm = EntityId.Parse("alarm/hj/1");
        await _harness.TellAsync(alarm, new SetAlarm("curfew", _harness.Clock.GetUtcNow().AddMinutes(10)));
        await _harness.TellAsync(alarm, new CancelAlarm("curfew"));

        await _harness.AdvanceAsync(TimeSpan.FromHours(1));

        await _harness.Probe.ExpectNoneAsync();
    }

    [Fact]
    public async Task Timers_due_while_the_process_was_down_fire_once_after_recovery_in_due_order()
    {
        var start = _harness.Clock.GetUtcNow();
        var alarm1 = EntityId.Parse("alarm/hj/1");
        var alarm2 = EntityId.Parse("alarm/hj/2");
        await _harness.TellAsync(alarm1, new SetAlarm("late", start.AddMinutes(30)));
        await _harness.TellAsync(alarm2, new SetAlarm("early", start.AddMinutes(10)));
        await _harness.TellAsync(alarm1, new SetAlarm("middle", start.AddMinutes(20)));
        await _harness.IdleAsync();

        await _harness.StopRuntimeAsync();
        _harness.Clock.Advance(TimeSpan.FromHours(2));
        await _harness.StartRuntimeAsync();
        await _harness.IdleAsync();

        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "early" && r.At == start.AddMinutes(10));
        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "middle" && r.At == start.AddMinutes(20));
        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "late" && r.At == start.AddMinutes(30));
        await _harness.RestartAsync();
        await _harness.Probe.ExpectNoneAsync();
    }

    [Fact]
    public async Task A_timer_set_by_a_firing_timer_fires_before_a_later_one_when_the_clock_jumps_past_both()
    {
        var start = _harness.Clock.GetUtcNow();
        var alarm1 = EntityId.Parse("alarm/hj/1");
        var alarm2 = EntityId.Parse("alarm/hj/2");
        await _harness.TellAsync(alarm1, new SetAlarm("first", start.AddMinutes(10), Then: new SetAlarm("follow-up", start.AddMinutes(15))));
        await _harness.TellAsync(alarm2, new SetAlarm("later", start.AddMinutes(20)));
        await _harness.IdleAsync();

        await _harness.AdvanceAsync(TimeSpan.FromHours(1));

        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "first" && r.At == start.AddMinutes(10));
        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "follow-up" && r.At == start.AddMinutes(15));
        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "later" && r.At == start.AddMinutes(20));
        var shard = _harness.Runtime.ShardMap.ShardOf(alarm1);
        var log = await _harness.Store.ReadLogAsync(shard, 0, int.MaxValue);
        Assert.Equal(["alarm/hj/1#first#1", "alarm/hj/1#follow-up#2", "alarm/hj/2#later#1"],
            log.Where(e => e.Source == TimerFired.Source).Select(e => e.EventId));
    }

    [Fact]
    public async Task A_cancelled_timer_of_a_passivated_entity_is_not_appended_when_its_time_comes()
    {
        var start = _harness.Clock.GetUtcNow();
        var alarm = EntityId.Parse("alarm/hj/1");
        await _harness.TellAsync(alarm, new SetAlarm("cancelled", start.AddMinutes(10)));
        await _harness.TellAsync(alarm, new CancelAlarm("cancelled"));
        await _harness.TellAsync(alarm, new SetAlarm("kept", start.AddMinutes(20)));
        await _harness.IdleAsync();
        var shard = _harness.Runtime.GetShard(_harness.Runtime.ShardMap.ShardOf(alarm));
        Assert.True(shard.Core.Passivate(alarm));

        await _harness.AdvanceAsync(TimeSpan.FromHours(1));

        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "kept" && r.At == start.AddMinutes(20));
        var log = await _harness.Store.ReadLogAsync(shard.Id, 0, int.MaxValue);
        Assert.Equal(["alarm/hj/1#kept#2"], log.Where(e => e.Source == TimerFired.Source).Select(e => e.EventId));
    }

    [Fact]
    public async Task Passivated_entities_come_back_with_the_state_they_had()
    {
        await _harness.TellAsync(CounterA, new Add("1"));
        await _harness.TellAsync(CounterA, new Add("2"));
        await _harness.IdleAsync();
        var shard = _harness.Runtime.GetShard(_harness.Runtime.ShardMap.ShardOf(CounterA));

        Assert.True(shard.Core.Passivate(CounterA));
        Assert.False(shard.Core.IsResident(CounterA));
        await _harness.TellAsync(CounterA, new Add("3"));

        await _harness.Probe.ExpectAsync<Added>(a => a.Count == 1);
        await _harness.Probe.ExpectAsync<Added>(a => a.Count == 2);
        await _harness.Probe.ExpectAsync<Added>(a => a.Tag == "3" && a.Count == 3);
        Assert.True(shard.Core.IsResident(CounterA));
    }

    [Fact]
    public async Task Idle_entities_are_passivated_after_a_checkpoint_and_timers_still_fire()
    {
        await using var harness = await StartHarnessAsync(o => o.PassivateAfterIdleInputs = 2);
        var alarm = EntityId.Parse("alarm/hj/1");
        await harness.TellAsync(alarm, new SetAlarm("wake", harness.Clock.GetUtcNow().AddMinutes(5)));
        for (var i = 0; i < 5; i++) await harness.TellAsync(CounterA, new Add($"{i}"));
        await harness.IdleAsync();
        var shard = harness.Runtime.GetShard(harness.Runtime.ShardMap.ShardOf(alarm));
        Assert.False(shard.Core.IsResident(alarm));

        await harness.AdvanceAsync(TimeSpan.FromMinutes(5));

        var rang = harness.Probe.All.Select(o => o.Output).OfType<Rang>();
        Assert.Equal("wake", Assert.Single(rang).Name);
    }

    [Fact]
    public async Task Recovery_replays_the_log_after_the_checkpoint_with_the_same_output_ids()
    {
        _harness.Store.FailNextCheckpoint(count: int.MaxValue); // nothing reaches a checkpoint: a crash loses it all
        await _harness.TellAsync(CounterA, new Add("1"));
        await _harness.TellAsync(CounterA, new Add("2"));
        await _harness.Probe.ExpectAsync<Added>(a => a.Tag == "1");
        var published = new HashSet<string>();
        while (published.Count < 2) published.Add((await _harness.Probe.ExpectOutputAsync()).OutputId);

        await _harness.StopRuntimeAsync();
        await _harness.StartRuntimeAsync();
        await _harness.IdleAsync();

        var replayed = _harness.Probe.All;
        Assert.Equal(published.Order(), replayed.Select(o => o.OutputId).Order());
        var stored = await _harness.Store.ReadOutputsAsync(_harness.Runtime.ShardMap.ShardOf(CounterA), 0, 100);
        Assert.Equal(published.Order(), stored.Select(o => o.OutputId).Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_store_failure_during_a_checkpoint_loses_and_doubles_nothing(bool failAfterCommit)
    {
        await _harness.TellAsync(CounterA, new Add("before"));
        await _harness.IdleAsync();
        if (failAfterCommit) _harness.Store.FailNextCheckpointAfterCommit();
        else _harness.Store.FailNextCheckpoint();

        await _harness.TellAsync(CounterA, new Add("during"));
        await _harness.IdleAsync();
        await _harness.TellAsync(CounterA, new Add("after"));
        await _harness.IdleAsync();
        await _harness.RestartAsync();
        await _harness.TellAsync(CounterA, new Add("restarted"));
        await _harness.IdleAsync();

        var stored = await _harness.Store.ReadOutputsAsync(_harness.Runtime.ShardMap.ShardOf(CounterA), 0, 100);
        var added = stored.Select(o => (Added)_harness.Runtime.Codec.Decode(o.OutputType, o.Payload)).ToList();
        Assert.Equal(["before", "during", "after", "restarted"], added.Select(a => a.Tag));
        Assert.Equal([1L, 2L, 3L, 4L], added.Select(a => a.Count));
    }

    [Fact]
    public async Task When_the_input_queue_is_full_callers_are_told_to_retry_later()
    {
        await using var harness = await StartHarnessAsync(o => o.MaxPendingAppends = 10);
        var release = harness.Store.HoldAppends();
        var held = harness.Runtime.AppendAsync(Inputs(harness, 8, "a"));

        var refused = await Assert.ThrowsAsync<OverloadedException>(() => harness.Runtime.AppendAsync(Inputs(harness, 5, "b")));
        Assert.Contains("retry later", refused.Message, StringComparison.Ordinal);
        release();
        Assert.Equal(8, (await held).Offsets.Count(o => o > 0));
        Assert.Equal(5, (await harness.Runtime.AppendAsync(Inputs(harness, 5, "c"))).Offsets.Count(o => o > 0));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_group_committed_insert()
    {
        var release = _harness.Store.HoldAppends();
        var first = _harness.TellAsync(CounterA, new Add("first"));
        var rest = Enumerable.Range(0, 100).Select(i => _harness.TellAsync(CounterB, new Add($"{i}"))).ToArray();
        release();
        await first;
        Assert.All(await Task.WhenAll(rest), Assert.True);

        // 101 callers, a handful of inserts: whatever queued behind a held insert went in one.
        Assert.InRange(_harness.Store.AppendCalls, 1, _harness.Runtime.Options.AppendConcurrency + 1);
    }

    [Fact]
    public async Task A_handler_that_throws_leaves_no_effects_and_the_shard_goes_on()
    {
        await using var harness = await StartHarnessAsync(behaviors: () => [new CounterBehavior(), new ThrowingBehavior()]);
        var bomb = EntityId.Parse("bomb/hj/1");

        await harness.TellAsync(bomb, new Add("boom"));
        await harness.TellAsync(CounterA, new Add("fine"));

        await harness.Probe.ExpectAsync<Added>(a => a.Tag == "fine");
        await harness.Probe.ExpectNoneAsync();
    }

    private static List<Input> Inputs(ShardHarness harness, int count, string prefix) =>
        Enumerable.Range(0, count).Select(i => new Input(CounterA, new Add($"{prefix}{i}"), "test", $"{prefix}{i}", harness.Clock.GetUtcNow())).ToList();

    internal static (EntityId From, EntityId To) TwoCampusesOnDifferentShards(ShardMap map)
    {
        for (var i = 0; ; i++)
        {
            if (map.ShardOf($"c{i}") != map.ShardOf("hj"))
                return (EntityId.Parse("counter/hj/from"), EntityId.Parse($"counter/c{i}/to"));
        }
    }

    private sealed class ThrowingBehavior : EntityBehavior<CounterState>
    {
        public override string Kind => "bomb";

        public override CounterState Initial(EntityId id) => new(0);

        public override CounterState Handle(CounterState state, object message, EntityContext context)
        {
            context.Emit(new Added("never", 0));
            throw new InvalidOperationException("entity failure");
        }
    }
}
