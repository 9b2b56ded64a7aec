using Campus.Actors.Reference;
using Microsoft.Extensions.Options;

namespace Campus.Host.Reports;

/// <summary>
/// Daily reports of a campus: the closed one when the day is closed, else a live preview computed
/// from the read model now; and closing a day (compute, list the corrections to the day before,
/// store once).
/// </summary>
public sealed class DailyReports(ReportInputsReader reader, DailyReportStore store, ReportDelivery delivery, IOptions<ReportOptions> options)
{
    /// <summary>The window of a day of a campus with the configured close time.</summary>
    public ReportWindow Window(CampusManifest campus, DateOnly day) => ReportWindow.Of(campus, day, options.Value.CloseAt);

    /// <summary>The latest day of a campus whose report has closed by <paramref name="now"/> (the report of "last night").</summary>
    public DateOnly LatestClosable(CampusManifest campus, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(campus);
        var day = campus.Rules.LocalDate(now).AddDays(-1);
        while (Window(campus, day).CloseAt > now) day = day.AddDays(-1);
        return day;
    }

    /// <summary>The closed report of <paramref name="day"/>, or (not closed yet) a preview as of <paramref name="now"/> (at most its close time).</summary>
    public async Task<DailyReportData> GetAsync(CampusManifest campus, DateOnly day, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campus);
        if (await store.GetAsync(campus.CampusId, day, cancellationToken) is { } closed) return closed;
        var window = Window(campus, day);
        var report = await ComputeAsync(campus, window, now < window.CloseAt ? now : window.CloseAt, cancellationToken);
        return report with { Corrections = await CorrectionsBeforeAsync(campus, day, cancellationToken) };
    }

    /// <summary>
    /// Closes <paramref name="day"/>: computes it as of its close time, lists the corrections to the
    /// stored report of the day before, and stores it unless it is stored already, with the receipts
    /// of its morning delivery to the subscribers. True when this call stored it.
    /// </summary>
    public async Task<bool> CloseAsync(CampusManifest campus, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campus);
        var window = Window(campus, day);
        var report = await ComputeAsync(campus, window, window.CloseAt, cancellationToken) with { Closed = true, ClosedAt = window.CloseAt };
        report = report with { Corrections = await CorrectionsBeforeAsync(campus, day, cancellationToken) };
        return await store.InsertAsync(report, delivery.ReceiptsOf(report), cancellationToken);
    }

    /// <summary>
    /// The figures of the closed report of the day before <paramref name="day"/> that differ when
    /// that day is computed again as of its own close time: events of it that arrived after it closed.
    /// None when that day was never closed.
    /// </summary>
    private async Task<IReadOnlyList<Correction>> CorrectionsBeforeAsync(CampusManifest campus, DateOnly day, CancellationToken cancellationToken)
    {
        var previousDay = day.AddDays(-1);
        if (await store.GetAsync(campus.CampusId, previousDay, cancellationToken) is not { } previous) return [];
        var again = await ComputeAsync(campus, Window(campus, previousDay), previous.AsOf, cancellationToken);
        return DailyCorrections.Between(previous, again);
    }

    private async Task<DailyReportData> ComputeAsync(CampusManifest campus, ReportWindow window, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        DailyReport.Compute(campus, window.Date, await reader.ReadAsync(campus, window, asOf, cancellationToken));
}
