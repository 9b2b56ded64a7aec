using Campus.Actors.Entities;
using Campus.Actors.Hosting;

namespace Campus.TestKit;

/// <summary>
/// Runs entities on Akka.NET with the real persistence plugin and a manual clock: feed inputs, move
/// time, collect outputs, restart on the same journal. By default the journal is a fresh SQLite
/// file deleted on dispose; pass a <see cref="CampusStore"/> for PostgreSQL.
/// </summary>
public sealed class EntityHarness : IAsyncDisposable
{
    private readonly Func<EntityBehavior[]> _behaviors;
    private readonly Func<MessageCodec> _codec;
    private readonly Action<EntityHostOptions>? _configure;
    private readonly string? _directory;
    private readonly Dictionary<string, EntityId> _campuses = new(StringComparer.Ordinal);
    private int _eventCounter;

    private EntityHarness(Func<EntityBehavior[]> behaviors, Func<MessageCodec> codec, Action<EntityHostOptions>? configure, CampusStore store, DateTimeOffset start, string? directory)
    {
        _behaviors = behaviors;
        _codec = codec;
        _configure = configure;
        _directory = directory;
        Store = store;
        Clock = new ManualClock(start);
    }

    /// <summary>The time every harness starts at unless told otherwise.</summary>
    public static DateTimeOffset DefaultStart { get; } = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    public ManualClock Clock { get; }

    public CampusStore Store { get; }

    /// <summary>The running node (replaced by <see cref="RestartAsync"/>).</summary>
    public EntityNode Node { get; private set; } = null!;

    public CampusEntities Entities => Node.Entities;

    /// <summary>The outputs of the running node (a new probe after each restart).</summary>
    public OutputProbe Probe { get; private set; } = null!;

    /// <summary>Starts a harness with the sample behaviours on a fresh SQLite file.</summary>
    public static Task<EntityHarness> StartAsync(Action<EntityHostOptions>? configure = null) =>
        StartAsync(Samples.Behaviors, Samples.Codec, configure);

    /// <summary>Starts a harness with the given behaviours on a fresh SQLite file (or <paramref name="store"/>).</summary>
    public static async Task<EntityHarness> StartAsync(
        Func<EntityBehavior[]> behaviors,
        Func<MessageCodec> codec,
        Action<EntityHostOptions>? configure = null,
        CampusStore? store = null,
        DateTimeOffset? start = null)
    {
        string? directory = null;
        if (store is null)
        {
            directory = Directory.CreateTempSubdirectory("campus-harness-").FullName;
            store = new CampusStore("sqlite", Path.Combine(directory, "campus.db"));
        }
        var harness = new EntityHarness(behaviors, codec, configure, store, start ?? DefaultStart, directory);
        await harness.StartNodeAsync().ConfigureAwait(false);
        return harness;
    }

    /// <summary>Stores an input for <paramref name="target"/>, at the clock's time unless given. True when stored, false for a duplicate.</summary>
    public Task<bool> TellAsync(EntityId target, object message, DateTimeOffset? at = null, string? eventId = null, string source = "test")
    {
        lock (_campuses) _campuses.TryAdd(target.Campus, target);
        return Entities.TellAsync(new EntityInput(target, message, source, eventId ?? $"e{Interlocked.Increment(ref _eventCounter)}", at ?? Clock.GetUtcNow()));
    }

    /// <summary>Moves the clock one due instant at a time, waiting at each until everything it caused has happened.</summary>
    public Task AdvanceAsync(TimeSpan by) => Clock.AdvanceToAsync(Clock.GetUtcNow() + by, IdleAsync);

    /// <summary>Waits until nothing is in flight: every input, tell and due timer has had its effect.</summary>
    public Task IdleAsync(CancellationToken cancellationToken = default) =>
        Entities.WhenIdleAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Every output stored in the journal so far, in journal order.</summary>
    public Task<IReadOnlyList<StoredOutput>> StoredOutputsAsync() => CampusJournal.ReadAllAsync(Node.System);

    /// <summary>Stops the node gracefully and starts a new one on the same journal and clock.</summary>
    public async Task RestartAsync()
    {
        await StopNodeAsync().ConfigureAwait(false);
        await StartNodeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the node gracefully (the journal stays), for "while it was down" tests.</summary>
    public async Task StopNodeAsync()
    {
        await Node.DisposeAsync().ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Starts a node on the journal (after <see cref="StopNodeAsync"/>). Unless
    /// <paramref name="touchCampuses"/> is false, it first asks one entity of every campus seen for
    /// its state, so that the campus's remembered entities are surely back before the clock moves.
    /// </summary>
    public async Task StartNodeAsync(bool touchCampuses = true)
    {
        var options = new EntityHostOptions { RedeliverInterval = TimeSpan.FromMilliseconds(200) };
        _configure?.Invoke(options);
        Probe = new OutputProbe();
        var host = new EntityHost(_behaviors(), _codec(), Clock, Probe, options);
        Probe.Activity = host.Activity;
        Node = await EntityNode.StartAsync(host, Store).ConfigureAwait(false);
        if (!touchCampuses) return;
        // Start every campus seen so far: its shard starts its remembered entities, which recover
        // (counted as activity) and arm their timers before the clock moves on.
        EntityId[] known;
        lock (_campuses) known = [.. _campuses.Values];
        foreach (var entity in known) await Entities.PeekAsync(entity).ConfigureAwait(false);
        await IdleAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopNodeAsync().ConfigureAwait(false);
        if (_directory is null) return;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is left for the OS to clean.
        }
    }
}
