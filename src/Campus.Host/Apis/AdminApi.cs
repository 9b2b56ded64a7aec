using Campus.Host.Auth;
using Campus.Host.Projections;

namespace Campus.Host.Apis;

/// <summary>
/// Admin views of the entities' health: the inputs they set aside (a message an entity's rules
/// failed on is recorded in place of its effects, never retried, and listed here).
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(Policies.Admin);
        admin.MapGet("/set-aside", SetAsideAsync).WithSummary("Inputs the entities could not handle, newest first");
        return app;
    }

    /// <summary>An input set aside: which entity, from where, when, what, and why.</summary>
    public sealed record SetAsideView(string CampusId, string Entity, string Source, string? EventId, DateTimeOffset At, string MessageType, string Error);

    private static async Task<IResult> SetAsideAsync(string? campus, int? limit, CampusView view, System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        if (campus is not null && !user.HasCampus(campus))
            return TypedResults.Problem($"No campus '{campus}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campus");
        // An admin of one campus sees that campus's only (the limit applies to them).
        if (campus is null && user.CampusId != "*") campus = user.CampusId;
        var rows = await view.SetAsideAsync(campus, Math.Clamp(limit ?? 200, 1, 2000), cancellationToken);
        return TypedResults.Ok(rows.Where(r => user.HasCampus(r.CampusId))
            .Select(r => new SetAsideView(r.CampusId, r.Entity, r.Source, r.EventId, r.At, r.MessageType, r.Error)).ToList());
    }
}
