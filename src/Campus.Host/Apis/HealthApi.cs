using Akka.Actor;
using Akka.Hosting;
using Campus.Actors.Hosting;
using Campus.Host.Storage;

namespace Campus.Host.Apis;

/// <summary><c>/healthz</c> (the process is alive) and <c>/readyz</c> (this node is up in its cluster, the entities' region is running and the database answers).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthReport("alive")));
        app.MapGet("/readyz", ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(ActorSystem system, IRequiredActor<CampusRegion> region, HostDatabase database, CancellationToken cancellationToken)
    {
        var member = global::Akka.Cluster.Cluster.Get(system).SelfMember;
        if (member.Status != global::Akka.Cluster.MemberStatus.Up)
            return TypedResults.Json(new HealthReport($"joining the cluster ({member.Status})"), statusCode: StatusCodes.Status503ServiceUnavailable);
        if (!region.GetAsync(cancellationToken).IsCompletedSuccessfully)
            return TypedResults.Json(new HealthReport("starting the entities"), statusCode: StatusCodes.Status503ServiceUnavailable);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = HostDatabase.Command(connection, null, "SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Json(new HealthReport($"store unreachable: {ex.GetType().Name}"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return TypedResults.Ok(new HealthReport("ready"));
    }

    /// <summary>The body of a health answer.</summary>
    public sealed record HealthReport(string Status);
}
