using System.Data.Common;
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
using Campus.Host.Storage;

namespace Campus.Host.Apis;

/// <summary>
/// Operator commands: acknowledge and resolve an alert, approve leave. Each command is an input of
/// its entity like any other (so replay applies it again exactly once) and answered with 202 once
/// it is in the entity's journal. An <c>Idempotency-Key</c> header makes a retried command count once
/// (the key is the account's, per command: <see cref="IdempotencyKeys"/>). Operators only, within
/// their scope; who acted is the signed-in account (a <c>by</c> in the body is ignored), and every
/// command is recorded in the audit trail. Free text (notes, a leave's reason) is at most
/// <see cref="MaxTextLength"/> characters; ids are ids (1-128 characters).
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

    /// <summary>The longest note or reason, in characters.</summary>
    public const int MaxTextLength = 2000;

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
        CampusView view, CampusEntities entities, HostDatabase database, TimeProvider clock, AuditLog audit, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        var errors = KeyErrors(request);
        CheckText(errors, "note", body?.Note);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await view.AlertFreshAsync(campusId, alertId, cancellationToken) is not { } alert || !user.SeesAlertScope(campusId, alert.Scope)) return NotFound(campusId, alertId);
        if (alert.Status is AlertStatus.Acknowledged or AlertStatus.Resolved)
            return TypedResults.Problem($"The alert is already {WireName.Of(alert.Status)}.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to acknowledge");
        var command = new Command(user.UserName, "acknowledge", IdempotencyKeys.Fingerprint(request.Path, body));
        var (result, outcome) = await AppendAsync(entities, database, clock, request, command, new EntityId("alert", campusId, alertId), new AcknowledgeAlert(user.UserName, body?.Note ?? ""), alertId, cancellationToken);
        audit.Record(user, "acknowledge", campusId, "alert:" + alertId, outcome, body?.Note);
        return result;
    }

    private static async Task<IResult> ResolveAsync(string campusId, string alertId, ResolveRequest? body, HttpRequest request, ClaimsPrincipal principal,
        CampusView view, CampusEntities entities, HostDatabase database, TimeProvider clock, AuditLog audit, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        var errors = KeyErrors(request);
        if (body?.Outcome is null || !Outcomes.TryGetValue(body.Outcome, out _))
            errors["outcome"] = [$"is required: one of {string.Join(", ", Outcomes.Keys)}"];
        if (string.IsNullOrWhiteSpace(body?.Note)) errors["note"] = ["is required: what was found or done"];
        else CheckText(errors, "note", body.Note);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await view.AlertFreshAsync(campusId, alertId, cancellationToken) is not { } alert || !user.SeesAlertScope(campusId, alert.Scope)) return NotFound(campusId, alertId);
        if (alert.Status == AlertStatus.Resolved)
            return TypedResults.Problem("The alert is already resolved.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to resolve");
        var command = new Command(user.UserName, "resolve", IdempotencyKeys.Fingerprint(request.Path, body));
        var (result, outcome) = await AppendAsync(entities, database, clock, request, command, new EntityId("alert", campusId, alertId),
            new ResolveAlert(user.UserName, Outcomes[body!.Outcome!], body.Note!), alertId, cancellationToken);
        audit.Record(user, "resolve", campusId, "alert:" + alertId, outcome, $"{body.Outcome}: {body.Note}");
        return result;
    }

    private static async Task<IResult> ApproveLeaveAsync(string campusId, LeaveRequest? body, HttpRequest request, ClaimsPrincipal principal,
        CampusDirectory directory, CampusEntities entities, HostDatabase database, TimeProvider clock, AuditLog audit, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is not { } campus || !user.HasCampus(campusId))
            return TypedResults.Problem($"No campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campus");
        var errors = KeyErrors(request);
        if (string.IsNullOrWhiteSpace(body?.StudentId)) errors["studentId"] = ["is required"];
        else if (DeviceEventParser.IdError(body.StudentId) is { } idError) errors["studentId"] = [idError];
        else if (directory.Student(campusId, body.StudentId) is not { } student) errors["studentId"] = [$"'{body.StudentId}' is not on the roster of {campusId}"];
        else if (!user.SeesStudent(campusId, student))
            return TypedResults.Problem($"'{body.StudentId}' is not one of your students.", statusCode: StatusCodes.Status403Forbidden, title: "Out of scope");
        if (body?.From is null) errors["from"] = ["is required: an ISO 8601 time with an offset"];
        if (body?.To is null) errors["to"] = ["is required: an ISO 8601 time with an offset"];
        else if (body.From is { } from && body.To <= from) errors["to"] = ["must be after from"];
        if (string.IsNullOrWhiteSpace(body?.Reason)) errors["reason"] = ["is required"];
        else CheckText(errors, "reason", body.Reason);
        if (!string.IsNullOrWhiteSpace(body?.LeaveId) && DeviceEventParser.IdError(body.LeaveId) is { } leaveIdError) errors["leaveId"] = [leaveIdError];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var command = new Command(user.UserName, "approve-leave", IdempotencyKeys.Fingerprint(request.Path, body));
        // A retry with the same key and no leaveId names the same leave as the first attempt.
        var leaveId = !string.IsNullOrWhiteSpace(body!.LeaveId) ? body.LeaveId
            : KeyOf(request) is { } key ? "L-" + IdempotencyKeys.Derive(user.UserName, command.Name, key)
            : "L-" + Guid.NewGuid().ToString("N")[..12];
        var leave = new LeaveApproval(leaveId, body.StudentId!, body.From!.Value, body.To!.Value, body.Reason!, user.UserName);
        var (result, outcome) = await AppendAsync(entities, database, clock, request, command, CampusIds.Student(campusId, leave.StudentId), new ApproveLeave(leave), leaveId, cancellationToken);
        audit.Record(user, "approve-leave", campusId, "student:" + leave.StudentId, outcome, $"{leaveId} {leave.From:O}..{leave.To:O}: {leave.Reason}");
        return result;
    }

    /// <summary>One command of one account: its name (the audit's action) and what the request asks for.</summary>
    internal sealed record Command(string UserName, string Name, string Fingerprint);

    /// <summary>The request's Idempotency-Key, or null when it sent none.</summary>
    internal static string? KeyOf(HttpRequest request) => request.Headers[IdempotencyKeys.Header].FirstOrDefault() is { Length: > 0 } key ? key : null;

    /// <summary>A new error list, with the Idempotency-Key's error when the request sent an unusable one.</summary>
    internal static Dictionary<string, string[]> KeyErrors(HttpRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (KeyOf(request) is { } key && IdempotencyKeys.KeyError(key) is { } error) errors[IdempotencyKeys.Header] = [error];
        return errors;
    }

    internal static void CheckText(Dictionary<string, string[]> errors, string field, string? text)
    {
        if (text is { Length: > MaxTextLength }) errors[field] = [$"must be at most {MaxTextLength:N0} characters"];
    }

    /// <summary>
    /// Stores a command as an input of its entity, de-duplicated by the account's command and the
    /// Idempotency-Key (a new id without one). Returns the answer and the audit's outcome
    /// (<c>accepted</c>, <c>duplicate</c>, <c>refused</c>: a key already used for another request,
    /// or the entities could not take it).
    /// </summary>
    internal static async Task<(IResult Result, string Outcome)> AppendAsync(CampusEntities entities, HostDatabase database, TimeProvider clock, HttpRequest request,
        Command command, EntityId target, object message, string id, CancellationToken cancellationToken) =>
        await AppendAsync(entities, database, clock, request, command, target, [message], id, cancellationToken);

    /// <summary>
    /// As above, for a command that is several inputs of one entity, stored in order in one write
    /// (a walk-in: registered, then checked in). Each has its own event id under the key.
    /// </summary>
    internal static async Task<(IResult Result, string Outcome)> AppendAsync(CampusEntities entities, HostDatabase database, TimeProvider clock, HttpRequest request,
        Command command, EntityId target, IReadOnlyList<object> messages, string id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var key = KeyOf(request);
        if (key is not null)
        {
            bool sameRequest;
            try
            {
                sameRequest = await IdempotencyKeys.ClaimAsync(database, command.UserName, command.Name, key, command.Fingerprint, now, cancellationToken);
            }
            catch (DbException ex)
            {
                return (Overloaded.Answer(request.HttpContext, new EntitiesUnavailableException("The idempotency key could not be recorded.", ex)), "refused");
            }
            if (!sameRequest)
                return (TypedResults.Problem($"This account used the Idempotency-Key for another {command.Name} request; send a new key with a new command.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused with a different request"), "refused");
        }
        string? outcome = null;
        var eventId = key ?? Guid.NewGuid().ToString("N");
        var result = await Overloaded.StoreAsync(request.HttpContext, entities,
            [.. messages.Select((message, i) => new EntityInput(target, message, IdempotencyKeys.Source(command.UserName, command.Name), i == 0 ? eventId : $"{eventId}/{i}", now))],
            stored =>
            {
                outcome = stored.Stored > 0 ? "accepted" : "duplicate";
                return TypedResults.Json(new CommandReceipt(outcome, id), statusCode: StatusCodes.Status202Accepted);
            }, cancellationToken);
        return (result, outcome ?? "refused");
    }

    private static IResult NotFound(string campusId, string alertId) =>
        TypedResults.Problem($"No alert '{alertId}' on campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown alert");
}
