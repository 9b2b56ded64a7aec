using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.Host.Campus;
using Campus.Host.Devices;
using Campus.Host.Ingest;
using Microsoft.Extensions.Options;

namespace Campus.Host.Demo;

/// <summary>
/// Plays <see cref="SchoolDayTraffic"/> and <see cref="VisitorDayTraffic"/> on the demo campus (<c>Campus:Traffic=true</c>): every
/// 250 ms of real time the simulated clock moves <c>Campus:TrafficSpeed</c> × 0.25 s, and every
/// scheduled event up to there is sent in time order; timers due before an event fire first. Events carry their schedule's ids, so a restart
/// that sends some again is de-duplicated by the device entities.
/// </summary>
public sealed class TrafficGenerator(
    CampusDirectory directory,
    CampusEntities entities,
    ProcessingBarrier barrier,
    SimulatedClock simulated,
    IOptions<CampusOptions> options,
    ILogger<TrafficGenerator> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (directory.First is not { } campus) return;
        try
        {
            await RunAsync(campus, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task RunAsync(CampusManifest campus, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, TimeProvider.System);

        var rules = campus.Rules;
        var step = TimeSpan.FromSeconds(options.Value.TrafficSpeed * Tick.TotalSeconds);
        var start = simulated.Clock.GetUtcNow();
        var queue = new Schedule(campus, start);
        var today = rules.LocalDate(start);
        queue.Add(today.AddDays(-1)); // its night may still be running
        queue.Add(today);
        queue.Add(today.AddDays(1));
        logger.LogInformation("Traffic playing at {Speed} simulated seconds per second: {Events} events queued", options.Value.TrafficSpeed, queue.Count);

        var sent = 0;
        var lastDay = today;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // A drill's clock move (POST /api/v1/sim/clock) and a tick take turns.
                using (await simulated.LockAsync(stoppingToken))
                {
                    var target = simulated.Clock.GetUtcNow() + step;
                    sent += await SendUntilAsync(campus, queue, target, stoppingToken);
                    // Between ticks only the entities are waited for: the read model catches up on its own.
                    await simulated.Clock.AdvanceToAsync(target, barrier.EntitiesIdleAsync, stoppingToken);
                    await simulated.SaveAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is OverloadedException or EntitiesUnavailableException)
            {
                continue; // too much in flight, or the store is away: try again next tick, nothing was skipped
            }

            var day = rules.LocalDate(simulated.Clock.GetUtcNow());
            if (day != lastDay)
            {
                for (var d = lastDay.AddDays(2); d <= day.AddDays(1); d = d.AddDays(1)) queue.Add(d);
                logger.LogInformation("Traffic: {Sent} events sent so far; {Events} queued", sent, queue.Count);
                lastDay = day;
            }
        }
    }

    /// <summary>
    /// Sends every queued event up to <paramref name="target"/>. Timers due before an event fire
    /// before it (the clock stops at each due instant first); events between two due instants go
    /// together, to all their devices at once, the clock moved to the last of them.
    /// </summary>
    private async Task<int> SendUntilAsync(CampusManifest campus, Schedule queue, DateTimeOffset target, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (queue.Next is { } next && next <= target)
        {
            if (simulated.Clock.NextDue is { } due && due <= next)
            {
                await simulated.Clock.AdvanceToAsync(due, barrier.EntitiesIdleAsync, cancellationToken);
                continue;
            }
            var until = simulated.Clock.NextDue is { } timer && timer <= target ? timer : target;
            var batch = queue.Before(until, inclusive: until == target && simulated.Clock.NextDue != until);
            if (batch.Count == 0) break;
            var last = batch[^1].OccurredAt;
            if (last > simulated.Clock.GetUtcNow()) simulated.Clock.AdvanceTo(last);
            await entities.AppendAsync(batch, cancellationToken);
            queue.Done(batch.Count);
            sent += batch.Count;
            await barrier.EntitiesIdleAsync(cancellationToken);
        }
        return sent;
    }

    /// <summary>The events still to send, in time order, from the generator's start on.</summary>
    private sealed class Schedule(CampusManifest campus, DateTimeOffset from)
    {
        private readonly HashSet<DateOnly> _days = [];
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private List<EntityInput> _pending = [];
        private int _next;

        public int Count => _pending.Count - _next;

        /// <summary>Queues a day's events not yet queued and not before the start.</summary>
        public void Add(DateOnly day)
        {
            if (!_days.Add(day)) return;
            var fresh = SchoolDayTraffic.For(campus, day)
                .Select(e => IngestApi.Input(new DeviceIdentity(campus.CampusId, e.DeviceId), e))
                .Concat(VisitorDayTraffic.For(campus, day))
                .Where(e => e.OccurredAt >= from && _ids.Add(e.EventId!));
            _pending = [.. _pending.Skip(_next).Concat(fresh).OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal)];
            _next = 0;
        }

        /// <summary>The time of the next event, or null when none is left.</summary>
        public DateTimeOffset? Next => _next < _pending.Count ? _pending[_next].OccurredAt : null;

        /// <summary>The next events before <paramref name="until"/> (or at it, when <paramref name="inclusive"/>).</summary>
        public List<EntityInput> Before(DateTimeOffset until, bool inclusive)
        {
            var batch = new List<EntityInput>();
            for (var i = _next; i < _pending.Count && (_pending[i].OccurredAt < until || (inclusive && _pending[i].OccurredAt == until)); i++) batch.Add(_pending[i]);
            return batch;
        }

        public void Done(int count) => _next += count;
    }
}
