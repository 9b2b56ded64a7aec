using Campus.Actors.Runtime;
using Campus.Actors.Storage.Sqlite;

namespace Campus.TestKit;

/// <summary>
/// Runs entities on a real store with a manual clock: feed inputs, move time, collect outputs,
/// restart on the same store. By default the store is a fresh SQLite file that is deleted on
/// dispose; pass a store factory for PostgreSQL.
/// </summary>
public sealed class ShardHarness : IAsyncDisposable
{
    private readonly Func<IShardStore> _storeFactory;
    private readonly Func<EntityBehavior[]> _behaviors;
    private readonly Func<MessageCodec> _codec;
    private readonly Action<RuntimeOptions>? _configure;
    private readonly string? _directory;
    private int _eventCounter;

    private ShardHarness(Func<IShardStore> storeFactory, Func<EntityBehavior[]> behaviors, Func<MessageCodec> codec,
        Action<RuntimeOptions>? configure, DateTimeOffset start, string? directory)
    {
        _storeFactory = storeFactory;
        _behaviors = behaviors;
        _codec = codec;
        _configure = configure;
        _directory = directory;
        Clock = new ManualClock(start);
    }

    /// <summary>The time every harness starts at unless told otherwise.</summary>
    public static DateTimeOffset DefaultStart { get; } = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    public ManualClock Clock { get; }

    public FaultyStore Store { get; private set; } = null!;

    public EntityRuntime Runtime { get; private set; } = null!;

    public OutputProbe Probe { get; private set; } = null!;

    /// <summary>Starts a harness with the sample behaviours on a fresh SQLite file.</summary>
    public static Task<ShardHarness> StartAsync(Action<RuntimeOptions>? configure = null) =>
        StartAsync(Samples.Behaviors, Samples.Codec, configure);

    /// <summary>Starts a harness with the given behaviours on a fresh SQLite file (or <paramref name="storeFactory"/>).</summary>
    public static async Task<ShardHarness> StartAsync(
        Func<EntityBehavior[]> behaviors,
        Func<MessageCodec> codec,
        Action<RuntimeOptions>? configure = null,
        Func<IShardStore>? storeFactory = null,
        DateTimeOffset? start = null)
    {
        string? directory = null;
        if (storeFactory is null)
        {
            directory = Directory.CreateTempSubdirectory("campus-harness-").FullName;
            var path = Path.Combine(directory, "campus.db");
            storeFactory = () => new SqliteShardStore(path);
        }
        var harness = new ShardHarness(storeFactory, behaviors, codec, configure, start ?? DefaultStart, directory);
        await harness.StartRuntimeAsync().ConfigureAwait(false);
        return harness;
    }

    /// <summary>Appends a message for <paramref name="target"/>, at the clock's time unless given. True when stored, false for a duplicate.</summary>
    public Task<bool> TellAsync(EntityId target, object message, DateTimeOffset? at = null, string? eventId = null, string source = "test") =>
        Runtime.TellAsync(target, message, source, eventId ?? $"e{Interlocked.Increment(ref _eventCounter)}", at ?? Clock.GetUtcNow());

    /// <summary>Moves the clock and waits until every due timer has fired and been applied.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Runtime.WhenIdleAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until every input is applied and checkpointed.</summary>
    public Task IdleAsync() => Runtime.WhenIdleAsync();

    /// <summary>Stops the runtime gracefully and starts a new one on the same store and clock.</summary>
    public async Task RestartAsync()
    {
        await StopRuntimeAsync().ConfigureAwait(false);
        await StartRuntimeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the runtime gracefully (the store stays), for "while it was down" tests.</summary>
    public async Task StopRuntimeAsync()
    {
        Probe.Dispose();
        await Runtime.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Starts a runtime on the store (after <see cref="StopRuntimeAsync"/>).</summary>
    public async Task StartRuntimeAsync()
    {
        Store = new FaultyStore(_storeFactory());
        await Store.MigrateAsync().ConfigureAwait(false);
        var options = new RuntimeOptions { ShardCount = 4, StoreRetryDelay = TimeSpan.Zero };
        _configure?.Invoke(options);
        Runtime = new EntityRuntime(Store, _behaviors(), _codec(), options, Clock);
        Probe = new OutputProbe(Runtime);
        await Runtime.StartAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopRuntimeAsync().ConfigureAwait(false);
        if (_directory is not null)
        {
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
}
