using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Campus.Actors.Hosting;
using Campus.Host.Auth;

namespace Campus.Host.Apis;

/// <summary>
/// <c>GET /api/v1/cluster</c> (admins): the cluster's members as this node sees them, their status
/// and reachability, and which campuses each one hosts right now.
/// </summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/cluster", GetAsync).WithTags("Admin").RequireAuthorization(Policies.Admin)
            .WithSummary("Cluster members, their status and the campuses each hosts");
        return app;
    }

    /// <summary>The cluster seen from <paramref name="Self"/>: singleton jobs run on <paramref name="Oldest"/>.</summary>
    public sealed record ClusterView(string Self, string? Leader, string? Oldest, IReadOnlyList<MemberView> Members, bool ShardsComplete);

    /// <summary>
    /// One member: its address, status (<c>joining</c>, <c>up</c>, <c>leaving</c>, <c>exiting</c>,
    /// <c>down</c>, <c>removed</c>), whether this node can reach it, its roles, the campuses it hosts
    /// (those the caller may see) and how many entities it has running.
    /// </summary>
    public sealed record MemberView(string Address, string Status, bool Reachable, bool IsSelf, IReadOnlyList<string> Roles, IReadOnlyList<string> Campuses, int Entities);

    private static async Task<IResult> GetAsync(ActorSystem system, ActorRegistry registry, System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var region = await registry.GetAsync<CampusRegion>(cancellationToken);
        ClusterShardingStats? stats = null;
        try
        {
            stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (AskTimeoutException)
        {
            // The members are still worth listing; the campuses are marked incomplete.
        }

        var oldest = state.Members.Where(m => m.Status == MemberStatus.Up).OrderBy(m => m, Member.AgeOrdering).FirstOrDefault();
        var members = state.Members.Concat(state.Unreachable).DistinctBy(m => m.Address).OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).Select(m =>
        {
            IReadOnlyDictionary<string, int> shards = stats?.Regions.GetValueOrDefault(m.Address)?.Stats ?? (IReadOnlyDictionary<string, int>)new Dictionary<string, int>();
            return new MemberView(
                m.Address.ToString(),
                m.Status.ToString().ToLowerInvariant(),
                !state.Unreachable.Contains(m),
                m.Address == cluster.SelfAddress,
                [.. m.Roles.Order(StringComparer.Ordinal)],
                [.. shards.Keys.Where(user.HasCampus).Order(StringComparer.Ordinal)],
                shards.Where(s => user.HasCampus(s.Key)).Sum(s => s.Value));
        }).ToList();
        return TypedResults.Ok(new ClusterView(cluster.SelfAddress.ToString(), state.Leader?.ToString(), oldest?.Address.ToString(), members,
            stats is not null && stats.Regions.Keys.All(a => state.Members.Any(m => m.Address == a))));
    }
}
