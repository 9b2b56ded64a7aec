namespace Campus.Actors.Hosting;

/// <summary>
/// A clock that moves only when told to: for tests and for drills with a simulated clock.
/// Timers created on it (including <see cref="Task.Delay(TimeSpan, TimeProvider)"/>) fire
/// during <see cref="Advance"/>, in due order, each with the clock set to its due time.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>The due time of the earliest timer created on this clock, or null when there is none.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                DateTimeOffset? next = null;
                foreach (var timer in _timers)
                {
                    if (next is null || timer.Due < next) next = timer.Due;
                }
                return next;
            }
        }
    }

    /// <summary>
    /// Moves time forward to <paramref name="target"/> one due instant at a time: the clock stops at
    /// each instant a timer is due, fires the timers due then, and awaits <paramref name="settle"/>
    /// (everything those timers caused has happened) before it looks for the next instant. So a
    /// timer set by a firing timer fires before a later one, however far the clock jumps.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset target, Func<CancellationToken, Task> settle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settle);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = NextDue;
            if (next is not { } due || due > target)
            {
                if (target > GetUtcNow()) AdvanceTo(target);
                await settle(cancellationToken).ConfigureAwait(false);
                return;
            }
            AdvanceTo(due > GetUtcNow() ? due : GetUtcNow());
            await settle(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Moves time forward by <paramref name="by"/>, firing due timers on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        AdvanceTo(GetUtcNow() + by);
    }

    /// <summary>Moves time forward to <paramref name="target"/> (never back), firing due timers in order.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            ManualTimer? next = null;
            lock (_gate)
            {
                if (target < _now) throw new ArgumentOutOfRangeException(nameof(target), "A manual clock never goes back.");
                foreach (var timer in _timers)
                {
                    if (timer.Due <= target && (next is null || timer.Due < next.Due)) next = timer;
                }
                if (next is null)
                {
                    _now = target;
                    return;
                }
                if (next.Due > _now) _now = next.Due;
                next.Advance();
            }
            next.Fire();
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                Due = clock._now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                clock._timers.Add(this);
            }
            if (dueTime <= TimeSpan.Zero)
            {
                lock (clock._gate) Advance();
                Fire();
            }
            return true;
        }

        /// <summary>Reschedules or removes the timer; called under the clock's lock.</summary>
        public void Advance()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan) Due += _period;
            else clock._timers.Remove(this);
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
