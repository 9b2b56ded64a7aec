using Campus.Actors.Entities;

namespace Campus.Actors.Hosting;

/// <summary>Tunables of the entity hosting. Defaults suit one school on a small machine.</summary>
public sealed class EntityHostOptions
{
    /// <summary>The shard region's name (one region holds every kind; a campus is one shard).</summary>
    public string RegionName { get; set; } = "campus";

    /// <summary>
    /// Remember entities (event-sourced store), so that entities with timers start again by
    /// themselves after a restart or a hand-off. Off only for experiments and benchmarks.
    /// </summary>
    public bool RememberEntities { get; set; } = true;

    /// <summary>An entity saves a snapshot after this many journaled events, so recovery replays at most this many.</summary>
    public int SnapshotEvery { get; set; } = 200;

    /// <summary>How long an external source's event ids are remembered after its newest event (set it to the oldest event ingest accepts).</summary>
    public TimeSpan InputDedupWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often undelivered tells are sent again (real time).</summary>
    public TimeSpan RedeliverInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An entity with no pending timer and no undelivered tell stops after this long without a message (real time); the next message starts it again.</summary>
    public TimeSpan PassivateAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the host waits for an entity to store inputs before answering 503.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most work in flight on this node (inputs not yet answered, tells not yet delivered)
    /// before new inputs are refused with "retry later": beyond it, alerts would fall behind.
    /// </summary>
    public int MaxPendingInputs { get; set; } = 20_000;

    /// <summary>Checks every option; throws with the name of the first bad one.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(RegionName, nameof(RegionName));
        ArgumentOutOfRangeException.ThrowIfLessThan(SnapshotEvery, 1, nameof(SnapshotEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(InputDedupWindow, TimeSpan.Zero, nameof(InputDedupWindow));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RedeliverInterval, TimeSpan.Zero, nameof(RedeliverInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PassivateAfter, TimeSpan.Zero, nameof(PassivateAfter));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AskTimeout, TimeSpan.Zero, nameof(AskTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingInputs, 1, nameof(MaxPendingInputs));
    }
}

/// <summary>Receives every output as it is emitted, after its event is in the journal (live push; best effort).</summary>
public interface IEntityOutputSink
{
    void Publish(EntityOutput output);
}

/// <summary>
/// Everything an entity actor needs besides its id: the behaviours by kind, the codec, the clock
/// its timers follow, the node's activity counter, where outputs go, and the options. One per node.
/// </summary>
public sealed class EntityHost
{
    public EntityHost(IEnumerable<EntityBehavior> behaviors, MessageCodec codec, TimeProvider clock, IEntityOutputSink outputs, EntityHostOptions options, EntityActivity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Behaviors = behaviors.ToDictionary(b => b.Kind, StringComparer.Ordinal);
        Codec = codec;
        Clock = clock;
        Outputs = outputs;
        Options = options;
        Activity = activity ?? new EntityActivity();
        if (!codec.IsRegistered(typeof(InputSetAside))) codec.Register<InputSetAside>("hosting.input-set-aside");
    }

    public IReadOnlyDictionary<string, EntityBehavior> Behaviors { get; }

    public MessageCodec Codec { get; }

    /// <summary>The clock timers follow: the system clock, or a <see cref="ManualClock"/> in drills and tests.</summary>
    public TimeProvider Clock { get; }

    public IEntityOutputSink Outputs { get; }

    public EntityHostOptions Options { get; }

    public EntityActivity Activity { get; }

    /// <summary>Where entities send their tells instead of the shard region (tests of the delivery protocol).</summary>
    internal Akka.Actor.IActorRef? Router { get; set; }
}
