using System.Security.Claims;
using Campus.Actors.Alerts;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.Host.Auth;
using Campus.Host.Campus;
using Campus.Host.Hubs;
using Campus.Host.Ingest;
using Campus.Host.Projections;

namespace Campus.Host.Apis;

/// <summary>
/// Operator commands: acknowledge and resolve an alert, approve leave. Each command is an input of
/// its entity like any other (so replay applies it again exactly once) and answered with 202 once
/// it is in the entity's journal. An <c>Idempotency-Key</c> header makes a retried command count once. Operators
/// only, within their scope; who acted is the signed-in account (a <c>by</c> in the body is
/// ignored), and every command is recorded in the audit trail.
/// </summary>
public static class OperatorApi
{
    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        var campus = app.MapGroup("/api/v1/campuses/{campusId}").WithTags("Operator").RequireAuthorization(Policies.Operator);
        campus.MapPost("/alerts/{alertId}/acknowledge", AcknowledgeAsync).WithSummary("Acknowledge an alert: its escalation stops");
        campus.MapPost("/alerts/{alertId}/resolve", ResolveAsync).WithSummary("Resolve an alert with an outcome and a note");
        campus.MapPost("/leaves", ApproveLeaveAsync).WithSummary("Approve leave for a student");
        return app;
    }

    /// <summary>The body of an acknowledgement.</summary>
    public sealed record AcknowledgeRequest(string? By, string? Note);

    /// <summary>The body of a resolution: outcome one of found, late-return, leave-added, false-alarm, device-fault, other.</summary>
    public sealed record ResolveRequest(string? By, string? Outcome, string? Note);

    /// <summary>The body of a leave approval.</summary>
    public sealed record LeaveRequest(string? LeaveId, string? StudentId, DateTimeOffset? From, DateTimeOffset? To, string? Reason, string? ApprovedBy);

    /// <summary>The answer to a command: stored (or already stored under the same idempotency key).</summary>
    public sealed record CommandReceipt(string Status, string? Id);

    private static readonly Dictionary<string, ResolutionOutcome> Outcomes = new(StringComparer.Ordinal)
    {
        ["found"] = ResolutionOutcome.Found,
        ["late-return"] = ResolutionOutcome.LateReturn,
        ["leave-added"] = ResolutionOutcome.LeaveAdded,
        ["false-alarm"] = ResolutionOutcome.FalseAlarm,
        ["device-fault"] = ResolutionOutcome.DeviceFault,
        ["other"] = ResolutionOutcome.Other,
    };

    private static async Task<IResult> AcknowledgeAsync(string campusId, string alertId, AcknowledgeRequest? body, HttpRequest request, ClaimsPrincipal principal,
        CampusView view, CampusEntities entities, TimeProvider clock, AuditLog audit, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        var errors = new Dictionary<string, string[]>();
        if (body?.Note is { Length: > 2000 }) errors["note"] = ["must be at most 2,000 characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await view.AlertFreshAsync(campusId, alertId, cancellationToken) is not { } alert || !user.SeesAlertScope(campusId, alert.Scope)) return NotFound(campusId, alertId);
        if (alert.Status is AlertStatus.Acknowledged or AlertStatus.Resolved)
            return TypedResults.Problem($"The alert is already {WireName.Of(alert.Status)}.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to acknowledge");
        var result = await AppendAsync(entities, clock, request, new EntityId("alert", campusId, alertId), new AcknowledgeAlert(user.UserName, body?.Note ?? ""), alertId, cancellationToken);
        Audit(audit, user, "acknowledge", campusId, "alert:" + alertId, result, body?.Note);
        return result;
    }

    private static async Task<IResult> ResolveAsync(string campusId, string alertId, ResolveRequest? body, HttpRequest request, ClaimsPrincipal principal,
        CampusView view, CampusEntities entities, TimeProvider clock, AuditLog audit, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        var errors = new Dictionary<string, string[]>();
        if (body?.Outcome is null || !Outcomes.TryGetValue(body.Outcome, out _))
            errors["outcome"] = [$"is required: one of {string.Join(", ", Outcomes.Keys)}"];
        if (string.IsNullOrWhiteSpace(body?.Note)) errors["note"] = ["is required: what was found or done"];
        else if (body.Note.Length > 2000) errors["note"] = ["must be at most 2,000 characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await view.AlertFreshAsync(campusId, alertId, cancellationToken) is not { } alert || !user.SeesAlertScope(campusId, alert.Scope)) return NotFound(campusId, alertId);
        if (alert.Status == AlertStatus.Resolved)
            return TypedResults.Problem("The alert is already resolved.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to resolve");
        var result = await AppendAsync(entities, clock, request, new EntityId("alert", campusId, alertId),
            new ResolveAlert(user.UserName, Outcomes[body!.Outcome!], body.Note!), alertId, cancellationToken);
        Audit(audit, user, "resolve", campusId, "alert:" + alertId, result, $"{body.Outcome}: {body.Note}");
        return result;
    }

    private static async Task<IResult> ApproveLeaveAsync(string campusId, LeaveRequest? body, HttpRequest request, ClaimsPrincipal principal,
        CampusDirectory directory, CampusEntities entities, TimeProvider clock, AuditLog audit, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is not { } campus || !user.HasCampus(campusId))
            return TypedResults.Problem($"No campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campus");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body?.StudentId)) errors["studentId"] = ["is required"];
        else if (directory.Student(campusId, body.StudentId) is not { } student) errors["studentId"] = [$"'{body.StudentId}' is not on the roster of {campusId}"];
        else if (!user.SeesStudent(campusId, student))
            return TypedResults.Problem($"'{body.StudentId}' is not one of your students.", statusCode: StatusCodes.Status403Forbidden, title: "Out of scope");
        if (body?.From is null) errors["from"] = ["is required: an ISO 8601 time with an offset"];
        if (body?.To is null) errors["to"] = ["is required: an ISO 8601 time with an offset"];
        else if (body.From is { } from && body.To <= from) errors["to"] = ["must be after from"];
        if (string.IsNullOrWhiteSpace(body?.Reason)) errors["reason"] = ["is required"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var leaveId = string.IsNullOrWhiteSpace(body!.LeaveId) ? "L-" + Guid.NewGuid().ToString("N")[..12] : body.LeaveId;
        var leave = new LeaveApproval(leaveId, body.StudentId!, body.From!.Value, body.To!.Value, body.Reason!, user.UserName);
        var result = await AppendAsync(entities, clock, request, CampusIds.Student(campusId, leave.StudentId), new ApproveLeave(leave), leaveId, cancellationToken);
        Audit(audit, user, "approve-leave", campusId, "student:" + leave.StudentId, result, $"{leaveId} {leave.From:O}..{leave.To:O}: {leave.Reason}");
        return result;
    }

    private static void Audit(AuditLog audit, CampusUser user, string action, string campusId, string target, IResult result, string? detail) =>
        audit.Record(user, action, campusId, target, result is IStatusCodeHttpResult { StatusCode: 202 } ? "accepted" : "refused", detail);

    private static Task<IResult> AppendAsync(CampusEntities entities, TimeProvider clock, HttpRequest request, EntityId target, object command, string id, CancellationToken cancellationToken)
    {
        var eventId = request.Headers["Idempotency-Key"].FirstOrDefault() is { Length: > 0 and <= 128 } key ? key : Guid.NewGuid().ToString("N");
        return Overloaded.StoreAsync(request.HttpContext, entities, [new EntityInput(target, command, "operator", eventId, clock.GetUtcNow())],
            result => TypedResults.Json(new CommandReceipt(result.Stored == 1 ? "accepted" : "duplicate", id), statusCode: StatusCodes.Status202Accepted), cancellationToken);
    }

    private static IResult NotFound(string campusId, string alertId) =>
        TypedResults.Problem($"No alert '{alertId}' on campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown alert");
}
