using System.Collections.Concurrent;

namespace Campus.Actors.Hosting;

/// <summary>
/// Counts the work in flight among this node's entities: inputs asked of an entity and not yet
/// answered, tells sent and not yet delivered, timer wake-ups not yet handled. When it is zero,
/// every input so far has had all its consequences here. The simulated clock waits for it between
/// due instants, tests wait for it instead of sleeping, and ingest refuses work beyond
/// <see cref="EntityHostOptions.MaxPendingInputs"/> (the backlog that would make alerts late).
/// </summary>
public sealed class EntityActivity
{
    private readonly ConcurrentDictionary<string, byte> _wakes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private List<TaskCompletionSource>? _waiters;
    private long _inFlight;

    /// <summary>Inputs, tells and wake-ups in flight now.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight) + _wakes.Count;

    /// <summary>One more piece of work started.</summary>
    public void Begin(int count = 1) => Interlocked.Add(ref _inFlight, count);

    /// <summary>One piece of work finished.</summary>
    public void End(int count = 1)
    {
        if (Interlocked.Add(ref _inFlight, -count) <= 0) Release();
    }

    /// <summary>A wake-up of <paramref name="entity"/> was sent (counted once however often it is sent before it is handled).</summary>
    public void BeginWake(string entity) => _wakes.TryAdd(entity, 0);

    /// <summary>The wake-up of <paramref name="entity"/> was handled, or will never be (the entity stopped).</summary>
    public void EndWake(string entity)
    {
        if (_wakes.TryRemove(entity, out _)) Release();
    }

    /// <summary>Completes when nothing is in flight.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (IsIdle) return Task.CompletedTask;
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_waiters ??= []).Add(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    private bool IsIdle => Interlocked.Read(ref _inFlight) <= 0 && _wakes.IsEmpty;

    private void Release()
    {
        List<TaskCompletionSource>? released = null;
        lock (_gate)
        {
            if (_waiters is null || !IsIdle) return;
            released = _waiters;
            _waiters = null;
        }
        foreach (var waiter in released) waiter.TrySetResult();
    }
}
