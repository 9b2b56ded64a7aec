using System.Security.Claims;
using Campus.Host.Auth;

namespace Campus.Host.Notifications;

/// <summary>
/// Admin endpoints of guardian notification delivery: list receipts by status, retry a failed or
/// dead-letter one. Admins only; an admin of one campus lists and retries that campus's receipts
/// (another campus's receipt is unknown, 404), an admin of every campus all of them.
/// </summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/notifications").WithTags("Admin").RequireAuthorization(Policies.Admin);
        group.MapGet("", ListAsync).WithSummary("Guardian notification receipts by status");
        group.MapPost("/{deliveryId}/retry", RetryAsync).WithSummary("Deliver a failed or dead-letter receipt again");
        return app;
    }

    /// <summary>A receipt as the admin API shows it (without the message body's contact details).</summary>
    public sealed record ReceiptView(
        string DeliveryId, string NoticeId, string GuardianId, string Channel, string CampusId, string StudentId, string Kind,
        string Status, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset DueAt, DateTimeOffset UpdatedAt, DateTimeOffset? DeliveredAt)
    {
        public static ReceiptView From(DeliveryReceipt r) => new(r.DeliveryId, r.NoticeId, r.GuardianId, r.Channel, r.CampusId, r.StudentId, r.Kind,
            r.Status, r.Attempts, r.LastError, r.CreatedAt, r.DueAt, r.UpdatedAt, r.DeliveredAt);
    }

    private static async Task<IResult> ListAsync(string? status, int? limit, ClaimsPrincipal principal, NotificationStore store, CancellationToken cancellationToken)
    {
        if (status is not null && !DeliveryStatus.All.Contains(status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"must be one of {string.Join(", ", DeliveryStatus.All)}"] });
        var max = Math.Clamp(limit ?? 500, 1, 5000);
        var receipts = await store.ListAsync(status, CampusOf(principal), max, cancellationToken);
        return TypedResults.Ok(receipts.Select(ReceiptView.From).ToList());
    }

    private static async Task<IResult> RetryAsync(string deliveryId, ClaimsPrincipal principal, NotificationStore store, NotificationDispatcher dispatcher, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var receipt = await store.FindAsync(deliveryId, cancellationToken);
        if (receipt is null || (CampusOf(principal) is { } campus && receipt.CampusId != campus))
            return TypedResults.Problem(statusCode: 404, detail: $"No delivery {deliveryId}.");
        if (!await store.RetryAsync(deliveryId, time.GetUtcNow(), cancellationToken))
            return TypedResults.Problem(statusCode: 409, detail: $"Delivery {deliveryId} is {receipt.Status}; only failed or dead-letter deliveries are retried.");
        dispatcher.Wake();
        return TypedResults.Accepted((string?)null, new { deliveryId, status = DeliveryStatus.Pending });
    }

    /// <summary>The campus whose receipts the admin manages, or null for an admin of every campus.</summary>
    private static string? CampusOf(ClaimsPrincipal principal) => CampusUser.From(principal)!.CampusId switch { "*" => null, var campus => campus };
}
