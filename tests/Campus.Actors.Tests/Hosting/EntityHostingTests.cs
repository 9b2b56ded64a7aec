using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Actors.Tests.Hosting;

/// <summary>The entity hosting on SQLite (the embedded default).</summary>
public sealed class SqliteEntityHostingTests : EntityHostingTests
{
    protected override Task<CampusStore?> CreateStoreAsync() => Task.FromResult<CampusStore?>(null);
}

/// <summary>The entity hosting on PostgreSQL, a fresh database per harness.</summary>
[Collection("postgres")]
public sealed class PostgresEntityHostingTests(PostgresFixture fixture) : EntityHostingTests
{
    protected override async Task<CampusStore?> CreateStoreAsync() =>
        new CampusStore("postgres", await fixture.Server.CreateDatabaseAsync("hosting"));
}

/// <summary>
/// What the hosting promises on top of Akka: acknowledge after persist, at-least-once tells with
/// de-duplication, durable timers, deterministic replay, set-aside of failing inputs.
/// </summary>
public abstract class EntityHostingTests : IAsyncLifetime
{
    private static readonly EntityId CounterA = EntityId.Parse("counter/hj/A");
    private static readonly EntityId CounterB = EntityId.Parse("counter/hj/B");
    private EntityHarness _harness = null!;

    /// <summary>A fresh store for one harness, or null for a fresh SQLite file.</summary>
    protected abstract Task<CampusStore?> CreateStoreAsync();

    public async Task InitializeAsync() => _harness = await StartHarnessAsync();

    private async Task<EntityHarness> StartHarnessAsync(Action<EntityHostOptions>? configure = null, Func<EntityBehavior[]>? behaviors = null) =>
        await EntityHarness.StartAsync(behaviors ?? Samples.Behaviors, Samples.Codec, configure, await CreateStoreAsync());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task An_input_reaches_its_entity_and_its_output_is_published_and_stored()
    {
        await _harness.TellAsync(CounterA, new Add("x"));

        var added = await _harness.Probe.ExpectAsync<Added>();
        Assert.Equal(new Added("x", 1), added);
        await _harness.IdleAsync();
        var stored = await _harness.StoredOutputsAsync();
        Assert.Equal(_harness.Probe.All.Single().OutputId, Assert.Single(stored).Output.OutputId);
        Assert.Equal("counter/hj/A#1.0", stored[0].Output.OutputId);
    }

    [Fact]
    public async Task A_duplicate_input_is_answered_as_a_duplicate_and_applied_once()
    {
        Assert.True(await _harness.TellAsync(CounterA, new Add("x"), eventId: "dev-1"));
        Assert.False(await _harness.TellAsync(CounterA, new Add("x"), eventId: "dev-1"));

        await _harness.Probe.ExpectAsync<Added>(a => a.Count == 1);
        await _harness.Probe.ExpectNoneAsync();
    }

    [Fact]
    public async Task A_tell_between_entities_is_delivered_once()
    {
        await _harness.TellAsync(CounterA, new Forward(CounterB.ToString(), "f"));

        var added = await _harness.Probe.ExpectOutputAsync();
        Assert.Equal(CounterB, added.Entity);
        Assert.Equal(new Added("f", 1), added.Output);
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
    public async Task An_entity_with_a_pending_timer_comes_back_after_a_restart_by_itself_and_its_timer_fires()
    {
        var alarm = EntityId.Parse("alarm/hj/wake");
        var due = _harness.Clock.GetUtcNow().AddMinutes(30);
        await _harness.TellAsync(alarm, new SetAlarm("wake", due));
        await _harness.IdleAsync();
        await _harness.StopNodeAsync();
        _harness.Clock.Advance(TimeSpan.FromHours(1));

        // Nothing is sent to the campus: remember-entities starts its shard and the entity again.
        await _harness.StartNodeAsync(touchCampuses: false);

        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "wake" && r.At == due, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Timers_due_while_the_node_was_down_fire_once_after_recovery_in_due_order()
    {
        var start = _harness.Clock.GetUtcNow();
        var alarm1 = EntityId.Parse("alarm/hj/1");
        await _harness.TellAsync(alarm1, new SetAlarm("late", start.AddMinutes(30)));
        await _harness.TellAsync(alarm1, new SetAlarm("early", start.AddMinutes(10)));
        await _harness.TellAsync(alarm1, new SetAlarm("middle", start.AddMinutes(20)));
        await _harness.IdleAsync();

        await _harness.StopNodeAsync();
        _harness.Clock.Advance(TimeSpan.FromHours(2));
        await _harness.StartNodeAsync();

        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "early" && r.At == start.AddMinutes(10));
        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "middle" && r.At == start.AddMinutes(20));
        await _harness.Probe.ExpectAsync<Rang>(r => r.Name == "late" && r.At == start.AddMinutes(30));
        await _harness.RestartAsync();
        await _harness.Probe.ExpectNoneAsync();
    }
}
