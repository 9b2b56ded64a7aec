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

    /// <summary>
    /// The leadership accounts (user names) that receive each closed report of the campuses they see
    /// whole (an admin, the campus's security, a county account of it), once, through the hub and the
    /// signed webhook (<see cref="ReportDelivery"/>).
    /// </summary>
    public List<string> Subscribers { get; set; } = [];
}
