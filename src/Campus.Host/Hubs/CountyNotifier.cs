using System.Threading.Channels;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Hosting;
using Campus.Actors.Notices;
using Campus.Host.County;
using Campus.Host.Projections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Campus.Host.Hubs;

/// <summary>
/// The county wall's live side. Data flows as follows:
/// <list type="number">
/// <item>The output bridge hands every output to <see cref="OnOutput"/>: an alert, a device's health
/// or a student's presence marks its campus dirty in the <see cref="TileSchedule"/>; a critical or
/// high alert is queued as it is.</item>
/// <item>Every quarter of <see cref="CountyOptions.TileInterval"/> the campuses that are dirty and
/// whose last tile went out at least an interval ago are taken; the read model catches up with the
/// journal (at most 2 s), <see cref="CountyOverview.TilesAsync"/> reads their tiles in one set of
/// grouped queries, and each goes to its campus's county group as <c>countyTile</c>. A morning rush
/// of thousands of presence changes is so at most one tile per campus per interval.</item>
/// <item>Critical and high alerts go to their campus's county group as <c>countyAlert</c> at once
/// (for the county-wide alert list).</item>
/// </list>
/// The interval runs on real time (<see cref="TimeProvider.System"/> in the host), whatever the
/// simulated clock does; the tiles' figures are at the host's clock.
/// </summary>
public sealed class CountyNotifier(IHubContext<CampusHub, IConsoleClient> hub, CountyOverview overview, ReadModelProjection readModel,
    IOptions<CountyOptions> options, TimeProvider realTime, ILogger<CountyNotifier> logger) : BackgroundService, IOutputListener
{
    /// <summary>How long a tick waits for the read model to hold what was journaled before it reads the tiles.</summary>
    private static readonly TimeSpan CatchUpWithin = TimeSpan.FromSeconds(2);

    private readonly TileSchedule _schedule = new(options.Value.TileInterval);
    private readonly long _started = realTime.GetTimestamp();
    private readonly Channel<AlertChanged> _alerts = Channel.CreateBounded<AlertChanged>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropOldest,
    });

    public void OnOutput(EntityOutput output)
    {
        switch (output.Output)
        {
            case AlertChanged alert:
                _schedule.MarkDirty(alert.CampusId);
                if (alert.Severity >= Severity.High) _alerts.Writer.TryWrite(alert);
                break;
            case DeviceHealthChanged device:
                _schedule.MarkDirty(device.CampusId);
                break;
            case PresenceChanged presence:
                _schedule.MarkDirty(presence.CampusId);
                break;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(PushTilesAsync(stoppingToken), PushAlertsAsync(stoppingToken));

    private TimeSpan Now() => realTime.GetElapsedTime(_started);

    private async Task PushTilesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TileInterval / 4, realTime);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var due = _schedule.TakeDue(Now());
            if (due.Count == 0) continue;
            try
            {
                await CatchUpAsync(stoppingToken);
                foreach (var tile in await overview.TilesAsync(due, stoppingToken))
                    await hub.Clients.Group(CampusHub.CountyGroup(tile.CampusId)).CountyTile(tile);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not push the county tiles of {Campuses} campuses; trying again", due.Count);
                foreach (var campus in due) _schedule.MarkDirty(campus);
            }
            _schedule.Sent(due, Now());
        }
    }

    /// <summary>Waits (briefly) until the read model holds every output journaled so far, so a tile shows the change that made it due.</summary>
    private async Task CatchUpAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readModel.CatchUpAsync(CatchUpWithin, stoppingToken);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            // The read model is behind (or not running yet): the tiles show what it holds, and the
            // outputs still to come mark their campuses dirty again.
        }
    }

    private async Task PushAlertsAsync(CancellationToken stoppingToken)
    {
        await foreach (var alert in _alerts.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await hub.Clients.Group(CampusHub.CountyGroup(alert.CampusId)).CountyAlert(AlertView.From(alert));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not push a county alert");
            }
        }
    }
}

/// <summary>
/// Which campuses' county tiles are due: outputs mark a campus dirty; a dirty campus is due once at
/// least <paramref name="interval"/> has passed since its last tile went out (at once if it never
/// had one). Times are a monotonic clock's (any origin). Thread-safe: outputs mark campuses from the
/// bridge's thread while the notifier takes and sends.
/// </summary>
public sealed class TileSchedule(TimeSpan interval)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _sentAt = new(StringComparer.Ordinal);

    /// <summary>Something changed on the campus: its tile is to be sent again.</summary>
    public void MarkDirty(string campusId)
    {
        lock (_gate) _dirty.Add(campusId);
    }

    /// <summary>The dirty campuses due at <paramref name="now"/>; they are no longer dirty (until marked again).</summary>
    public IReadOnlyList<string> TakeDue(TimeSpan now)
    {
        lock (_gate)
        {
            if (_dirty.Count == 0) return [];
            var due = _dirty.Where(c => !_sentAt.TryGetValue(c, out var at) || now - at >= interval).ToList();
            foreach (var campus in due) _dirty.Remove(campus);
            return due;
        }
    }

    /// <summary>The tiles of <paramref name="campusIds"/> went out at <paramref name="now"/>.</summary>
    public void Sent(IEnumerable<string> campusIds, TimeSpan now)
    {
        lock (_gate)
        {
            foreach (var campus in campusIds) _sentAt[campus] = now;
        }
    }
}
