namespace Campus.Host.Reports;

/// <summary>Daily reports: the <c>Campus:Reports</c> section (docs/configuration.md).</summary>
public sealed class ReportOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Campus:Reports";

    /// <summary>
    /// The campus-local time of the next morning at which a day's report closes (default 06:00); if a
    /// dorm wakes up later, the report closes at that dorm's wake-up, so its night is over first.
    /// After closing a report never changes: later events of the day are corrections in the next report.
    /// </summary>
    public TimeOnly CloseAt { get; set; } = new(6, 0);
}
