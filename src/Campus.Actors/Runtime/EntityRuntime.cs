using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Campus.Actors.Runtime;

/// <summary>
/// The shard region of this process: it appends inputs to the shards' logs (group-committed,
/// de-duplicated), runs the shards it owns, and publishes their outputs to subscribers.
/// </summary>
/// <remarks>
/// Data flows as follows: <see cref="AppendAsync"/> → <see cref="LogWriter"/> (one multi-row
/// insert for many callers) → the owning <see cref="ShardRunner"/> is woken, reads its log,
/// applies each input through <see cref="ShardCore"/> → outputs go to subscribers at once and
/// to the store with the next checkpoint.
/// </remarks>
public sealed class EntityRuntime : IAsyncDisposable
{
    private readonly Dictionary<int, ShardRunner> _shards = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILoggerFactory _loggerFactory;
    private IOutputSubscriber[] _subscribers = [];
    private bool _started;
    private int _disposed;

    public EntityRuntime(
        IShardStore store,
        IEnumerable<EntityBehavior> behaviors,
        MessageCodec codec,
        RuntimeOptions? options = null,
        TimeProvider? clock = null,
        ILoggerFactory? loggerFactory = null)
    {
        Options = options ?? new RuntimeOptions();
        Options.Validate();
        Store = store;
        Codec = codec;
        Clock = clock ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        ShardMap = new ShardMap(Options.ShardCount);
        Behaviors = behaviors.ToDictionary(b => b.Kind, StringComparer.Ordinal);
        Writer = new LogWriter(store, Options, OnAppended);
        var logger = _loggerFactory.CreateLogger("Campus.Actors.Shard");
        foreach (var shard in Options.OwnedShards ?? Enumerable.Range(0, Options.ShardCount).ToArray())
            _shards[shard] = new ShardRunner(shard, this, logger);
    }

    public RuntimeOptions Options { get; }

    public IShardStore Store { get; }

    public MessageCodec Codec { get; }

    public TimeProvider Clock { get; }

    public ShardMap ShardMap { get; }

    internal IReadOnlyDictionary<string, EntityBehavior> Behaviors { get; }

    internal LogWriter Writer { get; }

    /// <summary>True once every owned shard has recovered.</summary>
    public bool IsReady { get; private set; }

    /// <summary>Inputs waiting to be stored (the bounded queue's fill).</summary>
    public int PendingAppends => Writer.Pending;

    /// <summary>
    /// Takes ownership of the owned shards and recovers them (at most
    /// <see cref="RuntimeOptions.MaxConcurrentRecoveries"/> at once), then starts processing.
    /// Completes when every shard has recovered.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started) throw new InvalidOperationException("The runtime is already started.");
        _started = true;
        using var gate = new SemaphoreSlim(Options.MaxConcurrentRecoveries);
        await Task.WhenAll(_shards.Values.Select(async shard =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await shard.RecoverAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
            var loop = Task.Run(() => shard.RunAsync(_stopping.Token), CancellationToken.None);
            lock (_loops) _loops.Add(loop);
        })).ConfigureAwait(false);
        IsReady = true;
    }

    /// <summary>
    /// Appends inputs to their shards' logs. Completes when they are durable, with each input's
    /// offset or <see cref="AppendResult.Duplicate"/>. Throws <see cref="OverloadedException"/>
    /// at once when the input queue is full.
    /// </summary>
    public Task<AppendResult> AppendAsync(IReadOnlyList<Input> inputs, CancellationToken cancellationToken = default)
    {
        var rows = new LogAppend[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (!Behaviors.ContainsKey(input.Target.Kind))
                throw new ArgumentException($"No behaviour is registered for entity kind '{input.Target.Kind}'.", nameof(inputs));
            var (type, payload) = Codec.Encode(input.Message);
            rows[i] = new LogAppend(ShardMap.ShardOf(input.Target), input.Source, input.EventId, input.Target.ToString(), type, payload, input.OccurredAt.UtcTicks);
        }
        return Writer.AppendAsync(rows).WaitAsync(cancellationToken);
    }

    /// <summary>Appends one input; true when stored, false when it was a duplicate.</summary>
    public async Task<bool> TellAsync(EntityId target, object message, string source, string eventId, DateTimeOffset occurredAt, CancellationToken cancellationToken = default)
    {
        var result = await AppendAsync([new Input(target, message, source, eventId, occurredAt)], cancellationToken).ConfigureAwait(false);
        return result.Offsets[0] != AppendResult.Duplicate;
    }

    /// <summary>Subscribes to every output of the shards this process owns; dispose to unsubscribe.</summary>
    public IDisposable Subscribe(IOutputSubscriber subscriber)
    {
        ImmutableUpdate(list => [.. list, subscriber]);
        return new Unsubscriber(() => ImmutableUpdate(list => list.Where(s => s != subscriber).ToArray()));
    }

    /// <summary>Completes when every owned shard has applied and checkpointed all it was given and no timer is due.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_shards.Values.Select(s => s.WhenIdleAsync())).WaitAsync(cancellationToken);

    /// <summary>The state of each owned shard.</summary>
    public IReadOnlyList<ShardStatus> GetShardStatus() =>
        _shards.Values.OrderBy(s => s.Id)
            .Select(s => new ShardStatus(s.Id, s.State, s.Epoch, s.Position, s.CheckpointOffset, s.Core.ResidentCount, s.Core.PassivatedCount))
            .ToList();

    internal ShardRunner GetShard(int shard) => _shards[shard];

    internal void Publish(EntityOutput output)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber.OnOutput(output);
            }
            catch (Exception ex)
            {
                _loggerFactory.CreateLogger<EntityRuntime>().LogError(ex, "An output subscriber failed on {OutputId}", output.OutputId);
            }
        }
    }

    private void OnAppended(IReadOnlyList<LogAppend> rows, AppendResult result)
    {
        var woken = new HashSet<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (result.Offsets[i] != AppendResult.Duplicate && woken.Add(rows[i].Shard) && _shards.TryGetValue(rows[i].Shard, out var shard))
                shard.Wake();
        }
    }

    /// <summary>Stops gracefully: pending appends are stored, each shard finishes its batch and checkpoint.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] loops;
        lock (_loops) loops = [.. _loops];
        await Task.WhenAll(loops).ConfigureAwait(false);
        await Writer.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void ImmutableUpdate(Func<IOutputSubscriber[], IOutputSubscriber[]> update)
    {
        while (true)
        {
            var current = Volatile.Read(ref _subscribers);
            if (Interlocked.CompareExchange(ref _subscribers, update(current), current) == current) return;
        }
    }

    private sealed class Unsubscriber(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}

/// <summary>The state of one shard in this process.</summary>
/// <param name="CheckpointOffset">The log offset of the last checkpoint written.</param>
/// <param name="Resident">Entities in memory.</param>
/// <param name="Passivated">Entities whose state is only in the store until a message wakes them.</param>
public sealed record ShardStatus(int Shard, ShardState State, long Epoch, long Position, long CheckpointOffset, int Resident, int Passivated)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"shard {Shard}: {State}, epoch {Epoch}, offset {Position}");
}
