using Campus.Actors.Reference;
using Campus.Host.Campus;
using Campus.Host.Projections;

namespace Campus.Host.Reports;

/// <summary>
/// Closes daily reports on the campus clock (the simulated one in drills and tests): every
/// <see cref="Interval"/> it closes, for every campus, each day whose close time has passed and
/// that is not stored yet, oldest first (<see cref="DailyReports.CloseAsync"/>: computed as of its
/// close time, with the corrections to the day before, stored once). It runs in a cluster
/// singleton, so one node closes; a second closer racing it would store nothing twice.
/// </summary>
/// <remarks>
/// Which days: the day after the campus's latest closed one; for a campus with no closed report
/// yet, the day of its first record in the read model (a campus that never had an event has no
/// report). A day more than <see cref="MaxCatchUpDays"/> old is not closed any more (a host that was
/// down for months does not write months of reports).
/// </remarks>
public sealed class DailyReportCloser(CampusDirectory directory, DailyReports reports, DailyReportStore store, ReportInputsReader reader, CampusView view,
    TimeProvider clock, ILogger<DailyReportCloser> logger) : IClusterJob
{
    /// <summary>How often the closer looks for days to close: a report closes within this after its close time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>How many days back a day may still be closed.</summary>
    public const int MaxCatchUpDays = 31;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, DateOnly> _next = new(StringComparer.Ordinal);

    public Task RunAsync(CancellationToken stoppingToken) => ClusterJobSchedule.EveryAsync(Interval, clock,
        cancellationToken => CloseDueAsync(clock.GetUtcNow(), cancellationToken),
        ex => logger.LogWarning(ex, "Daily reports could not be closed; the closer tries again in {Interval}", Interval),
        stoppingToken);

    /// <summary>Closes every report whose close time is at or before <paramref name="now"/> and that is not stored yet; returns how many this call stored.</summary>
    public async Task<int> CloseDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stored = 0;
            var caughtUp = false;
            foreach (var campus in directory.Campuses.Values.OrderBy(c => c.CampusId, StringComparer.Ordinal))
            {
                // The next day to close of a campus is remembered, so a look before its close time costs no query.
                if (_next.TryGetValue(campus.CampusId, out var next) && reports.Window(campus, next).CloseAt > now) continue;
                if (await FirstDueAsync(campus, cancellationToken) is not { } first) continue;
                var earliest = campus.Rules.LocalDate(now).AddDays(-MaxCatchUpDays);
                var day = first < earliest ? earliest : first;
                while (reports.Window(campus, day).CloseAt <= now)
                {
                    if (!caughtUp)
                    {
                        // What was journaled before now belongs in the report: let the read model catch up first.
                        await CatchUpAsync(cancellationToken);
                        caughtUp = true;
                    }
                    if (await reports.CloseAsync(campus, day, cancellationToken))
                    {
                        stored++;
                        logger.LogInformation("Closed the daily report of {Campus} for {Date}", campus.CampusId, day);
                    }
                    day = day.AddDays(1);
                }
                _next[campus.CampusId] = day;
            }
            return stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The first day of a campus not closed yet, or null when the campus has no record at all.</summary>
    private async Task<DateOnly?> FirstDueAsync(CampusManifest campus, CancellationToken cancellationToken)
    {
        if (await store.LatestAsync(campus.CampusId, cancellationToken) is { } latest) return latest.AddDays(1);
        return await reader.FirstActivityAsync(campus.CampusId, cancellationToken) is { } first ? campus.Rules.LocalDate(first) : null;
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await view.CatchUpAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The read model is far behind: close with what it holds; the rest becomes corrections in the next report.
        }
    }
}
