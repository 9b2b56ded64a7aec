using System.Globalization;
using Campus.Actors.Reference;
using Campus.Actors.Entities;

namespace Campus.Actors.Alerts;

/// <summary>
/// How rules raise and clear alerts: a tell to the incident's alert entity. The incident key
/// (rule, subject, window) makes a repeated raise land on the same alert, which ignores it.
/// </summary>
public static class AlertEffects
{
    /// <summary>Raises the incident of <paramref name="kind"/> about <paramref name="subject"/> in <paramref name="window"/>; returns the alert entity.</summary>
    public static EntityId RaiseAlert(
        this EntityContext context,
        CampusRules rules,
        AlertKind kind,
        Severity severity,
        AlertSubject subject,
        string window,
        string locationId,
        string? scope,
        string message)
    {
        var alert = Incidents.For(rules.CampusId, kind, subject.Id, window);
        context.Tell(alert, new RaiseAlert(kind, severity, subject, locationId, scope, message, rules.EscalationFor(kind), rules.ReminderInterval));
        return alert;
    }

    /// <summary>Clears an alert raised earlier: it resolves by itself with <paramref name="outcome"/>.</summary>
    public static void ClearAlert(this EntityContext context, EntityId alert, ResolutionOutcome outcome, string note) =>
        context.Tell(alert, new ClearAlert(outcome, note));

    /// <summary>A window of one local day: <c>2026-11-23</c>.</summary>
    public static string DayWindow(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A window of one local hour: <c>2026-11-23T21</c> (repeats within the hour are one incident).</summary>
    public static string HourWindow(this CampusRules rules, DateTimeOffset at) =>
        rules.ToLocal(at).ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    /// <summary>A window of one period of one day: <c>2026-11-23-p3</c>.</summary>
    public static string PeriodWindow(DateOnly date, int period) =>
        string.Create(CultureInfo.InvariantCulture, $"{DayWindow(date)}-p{period}");

    /// <summary>A window that starts at an instant (a silence that began then): <c>20261123T072500Z</c>.</summary>
    public static string SinceWindow(DateTimeOffset since) =>
        since.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The scope of a dorm's alerts (its supervisors).</summary>
    public static string DormScope(string dormId) => AlertScope.Dorm(dormId).ToString();

    /// <summary>The scope of a class's alerts (its teachers).</summary>
    public static string ClassScope(string classId) => AlertScope.Class(classId).ToString();

    /// <summary>The role a step names for an alert of <paramref name="scope"/>: <see cref="EscalationStep.Responsible"/> becomes dorm-supervisor, class-teacher or security.</summary>
    public static string RoleFor(string role, string? scope) => role switch
    {
        EscalationStep.Responsible when AlertScope.TryParse(scope, out var s) => s.Kind == AlertScopeKind.Dorm ? "dorm-supervisor" : "class-teacher",
        EscalationStep.Responsible => "security",
        _ => role,
    };
}
