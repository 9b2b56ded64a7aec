using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Campus.Actors.Runtime;

/// <summary>What a shard is doing.</summary>
public enum ShardState
{
    /// <summary>Loading states and replaying its log.</summary>
    Recovering,

    /// <summary>Processing inputs as they arrive.</summary>
    Running,

    /// <summary>Another owner took the shard over; this process no longer processes it.</summary>
    Fenced,

    /// <summary>Stopped by a shutdown.</summary>
    Stopped,
}

/// <summary>
/// The I/O shell around a <see cref="ShardCore"/>: it takes ownership, recovers (states as of
/// the checkpoint plus replay of the log after it), then loops: read the log after its
/// position, apply, checkpoint; append due timers to the log; sleep until woken by an append,
/// a due timer or a stop.
/// </summary>
internal sealed class ShardRunner
{
    private readonly EntityRuntime _runtime;
    private readonly ShardCore _core;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly List<TaskCompletionSource> _idleWaiters = [];
    private readonly Lock _gate = new();
    private ITimer? _timerWake;
    private long _epoch;

    public ShardRunner(int shard, EntityRuntime runtime, ILogger logger)
    {
        _runtime = runtime;
        _logger = logger;
        _core = new ShardCore(shard, runtime.Behaviors, runtime.Codec, runtime.ShardMap, runtime.Publish, logger)
        {
            EntityLoader = id => new ValueTask<EntitySnapshot?>(runtime.Store.LoadEntityAsync(shard, id.ToString())),
        };
    }

    public int Id => _core.Id;

    public ShardState State { get; private set; } = ShardState.Recovering;

    public long Epoch => _epoch;

    public long Position => _core.Position;

    public long CheckpointOffset { get; private set; }

    public ShardCore Core => _core;

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Completes when the shard has applied and checkpointed everything in its log and has no due timer.</summary>
    public Task WhenIdleAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (State is ShardState.Fenced or ShardState.Stopped) return Task.CompletedTask;
            _idleWaiters.Add(waiter);
        }
        Wake();
        return waiter.Task;
    }

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        State = ShardState.Recovering;
        _core.Reset();
        var lease = await _runtime.Store.AcquireShardAsync(Id, _runtime.Options.OwnerId, cancellationToken).ConfigureAwait(false);
        _epoch = lease.Epoch;
        _core.Position = lease.CheckpointOffset;
        CheckpointOffset = lease.CheckpointOffset;
        var snapshots = _core.Snapshots;
        var loaded = 0;
        await foreach (var snapshot in _runtime.Store.LoadEntitiesAsync(Id, cancellationToken).ConfigureAwait(false))
        {
            var id = EntityId.Parse(snapshot.EntityId);
            if (!_runtime.Behaviors.TryGetValue(id.Kind, out var behavior))
            {
                _logger.LogWarning("Shard {Shard}: stored entity {Entity} has no behaviour; skipped", Id, snapshot.EntityId);
                continue;
            }
            _core.Restore(snapshots.FromSnapshot(snapshot, behavior, id));
            loaded++;
        }
        var replayed = await DrainLogAsync().ConfigureAwait(false);
        State = ShardState.Running;
        _logger.LogInformation("Shard {Shard} recovered at epoch {Epoch}: {Entities} entities loaded, {Replayed} inputs replayed, offset {Offset}",
            Id, _epoch, loaded, replayed, _core.Position);
    }

    /// <summary>The processing loop; returns when stopped, fenced or cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var poll = _runtime.Options.PollInterval;
        using var pollTimer = TimeProvider.System.CreateTimer(static state => ((ShardRunner)state!).Wake(), this, poll, poll);
        while (!stopping.IsCancellationRequested)
        {
            var waiters = TakeIdleWaiters();
            try
            {
                bool worked;
                var timersFired = false;
                do
                {
                    // Applying timers the pass itself just appended (a catch-up, one due instant
                    // at a time) checkpoints once at the end instead of once per instant.
                    worked = await DrainLogAsync(deferCheckpoint: timersFired).ConfigureAwait(false) > 0;
                    timersFired = await FireDueTimersAsync().ConfigureAwait(false);
                    worked |= timersFired;
                }
                while (worked && !stopping.IsCancellationRequested);
                await CheckpointAsync().ConfigureAwait(false);
                ArmTimerWake();
                foreach (var waiter in waiters) waiter.TrySetResult();
                await _wake.Reader.ReadAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                ReturnIdleWaiters(waiters);
                break;
            }
            catch (ShardFencedException ex)
            {
                _logger.LogWarning("Shard {Shard}: {Reason} Processing of this shard stops here", Id, ex.Message);
                Finish(ShardState.Fenced, waiters);
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Shard {Shard}: store failure; reloading from the last checkpoint", Id);
                ReturnIdleWaiters(waiters); // this pass did not finish: the next one answers them
                await RetryRecoverAsync(stopping).ConfigureAwait(false);
            }
        }
        Finish(ShardState.Stopped, []);
    }

    private async Task RetryRecoverAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_runtime.Options.StoreRetryDelay, TimeProvider.System, stopping).ConfigureAwait(false);
                await RecoverAsync(stopping).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Shard {Shard}: recovery failed; retrying", Id);
            }
        }
    }

    /// <summary>
    /// Reads and applies the log after the shard's position, checkpointing after each page, or
    /// with <paramref name="deferCheckpoint"/> only once a full batch is unchecked (the caller
    /// checkpoints the rest when its pass ends). Returns how many entries it applied.
    /// </summary>
    private async Task<int> DrainLogAsync(bool deferCheckpoint = false)
    {
        var applied = 0;
        var max = _runtime.Options.MaxCheckpointBatch;
        while (true)
        {
            var page = await _runtime.Store.ReadLogAsync(Id, _core.Position, max).ConfigureAwait(false);
            if (page.Count == 0) break;
            foreach (var entry in page)
                await _core.ApplyAsync(entry).ConfigureAwait(false);
            applied += page.Count;
            if (!deferCheckpoint || _core.Position - CheckpointOffset >= max) await CheckpointAsync().ConfigureAwait(false);
            if (page.Count < max) break;
        }
        return applied;
    }

    private async Task CheckpointAsync()
    {
        if (_core.Outbound.Count > 0)
        {
            // Tells to other shards go to their logs before the checkpoint: replay re-appends
            // them with the same event ids, which the log drops as duplicates.
            await _runtime.Writer.AppendAsync([.. _core.Outbound]).ConfigureAwait(false);
            _core.Outbound.Clear();
        }
        if (!_core.HasChanges && _core.Position == CheckpointOffset) return;
        var snapshots = _core.Snapshots;
        var entities = new List<EntitySnapshot>(_core.Dirty.Count);
        foreach (var cell in _core.Dirty) entities.Add(snapshots.ToSnapshot(cell));
        var outputs = new List<OutputRecord>(_core.PendingOutputs.Count);
        foreach (var output in _core.PendingOutputs)
        {
            var (type, payload) = _runtime.Codec.Encode(output.Output);
            var parts = output.OutputId.Split('-');
            outputs.Add(new OutputRecord(output.OutputId, Id, long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), output.Entity.ToString(), type, payload, output.OccurredAt.UtcTicks));
        }
        await _runtime.Store.WriteCheckpointAsync(new ShardCheckpoint(Id, _epoch, _core.Position, entities, outputs)).ConfigureAwait(false);
        _core.CheckpointWritten();
        CheckpointOffset = _core.Position;
        _core.PassivateIdle(_runtime.Options.PassivateAfterIdleInputs);
    }

    private async Task<bool> FireDueTimersAsync()
    {
        var now = _runtime.Clock.GetUtcNow().UtcTicks;
        var due = _core.TakeDueTimers(now);
        if (due.Count == 0) return false;
        var rows = new List<LogAppend>(due.Count);
        foreach (var (fired, dueTicks) in due)
        {
            var (type, payload) = _runtime.Codec.Encode(fired);
            rows.Add(new LogAppend(Id, TimerFired.Source, fired.EventId, fired.Entity, type, payload, dueTicks));
        }
        try
        {
            await _runtime.Writer.AppendAsync(rows).ConfigureAwait(false);
        }
        catch
        {
            _core.ReturnTimers(due);
            throw;
        }
        return true;
    }

    private void ArmTimerWake()
    {
        _timerWake?.Dispose();
        _timerWake = null;
        if (_core.NextTimerDue is not { } due) return;
        var delay = TimeSpan.FromTicks(Math.Max(0, due - _runtime.Clock.GetUtcNow().UtcTicks));
        _timerWake = _runtime.Clock.CreateTimer(static state => ((ShardRunner)state!).Wake(), this, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The waiters a pass may answer: only those registered before it started, so a
    /// pass that read the log before a caller's append was durable never answers that caller.</summary>
    private TaskCompletionSource[] TakeIdleWaiters()
    {
        lock (_gate)
        {
            if (_idleWaiters.Count == 0) return [];
            var waiters = _idleWaiters.ToArray();
            _idleWaiters.Clear();
            return waiters;
        }
    }

    private void ReturnIdleWaiters(TaskCompletionSource[] waiters)
    {
        if (waiters.Length == 0) return;
        lock (_gate) _idleWaiters.AddRange(waiters);
    }

    private void Finish(ShardState state, TaskCompletionSource[] waiters)
    {
        _timerWake?.Dispose();
        lock (_gate) State = state;
        foreach (var waiter in waiters) waiter.TrySetResult();
        foreach (var waiter in TakeIdleWaiters()) waiter.TrySetResult();
    }
}
