using System.Security.Claims;
using Campus.Host.Auth;
using Campus.Host.Campus;
using Campus.Host.Hubs;
using Microsoft.Extensions.Options;

namespace Campus.Host.County;

/// <summary>
/// The county overview for an education bureau (county accounts) and admins, over every campus the
/// caller has: <c>GET /api/v1/county/overview</c> (one tile per campus, in the order of attention)
/// and <c>GET /api/v1/county/alerts</c> (the open critical and high alerts, newest first). The
/// live side is <see cref="CountyNotifier"/>.
/// </summary>
public static class CountyApi
{
    public static IEndpointRouteBuilder MapCountyApi(this IEndpointRouteBuilder app)
    {
        var county = app.MapGroup("/api/v1/county").WithTags("County").RequireAuthorization(Policies.County);
        county.MapGet("/overview", OverviewAsync).WithSummary("One tile per campus of the caller: open alerts by severity, on campus and in dorms vs expected, devices offline, the oldest unacknowledged critical alert; what needs attention first");
        county.MapGet("/alerts", AlertsAsync).WithSummary("The open critical and high alerts of the caller's campuses, newest first");
        return app;
    }

    /// <summary>The campuses of the caller that this host serves.</summary>
    public static IEnumerable<string> CampusesOf(CampusUser user, CampusDirectory directory) =>
        directory.Campuses.Keys.Where(user.HasCampus);

    private static async Task<IResult> OverviewAsync(ClaimsPrincipal principal, CampusDirectory directory, CountyOverview overview, CancellationToken cancellationToken) =>
        TypedResults.Ok(await overview.TilesAsync(CampusesOf(CampusUser.From(principal)!, directory), cancellationToken));

    private static async Task<IResult> AlertsAsync(ClaimsPrincipal principal, CampusDirectory directory, CountyOverview overview, IOptions<CountyOptions> options,
        CancellationToken cancellationToken)
    {
        var alerts = await overview.AlertsAsync(CampusesOf(CampusUser.From(principal)!, directory), options.Value.AlertListLimit, cancellationToken);
        return TypedResults.Ok(alerts.Select(AlertView.From));
    }
}
