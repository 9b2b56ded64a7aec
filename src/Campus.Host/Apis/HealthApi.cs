using Akka.Actor;
using Akka.Hosting;
using Campus.Actors.Hosting;
using Campus.Host.Projections;
using Campus.Host.Storage;

namespace Campus.Host.Apis;

/// <summary>
/// <c>/healthz</c> (the process is alive) and <c>/readyz</c> (this node is up in its cluster, the
/// entities' region is running, the database answers, and it is not overloaded), with the figures
/// an operator watches: work in flight against its limit and the read model's lag.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // The metrics of the same figures (docs/operations.md) exist from here on.
        app.ServiceProvider.GetRequiredService<Campus.CampusMetrics>();
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthReport("alive")));
        app.MapGet("/readyz", ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(ActorSystem system, IRequiredActor<CampusRegion> region, HostDatabase database,
        CampusEntities entities, ReadModelProjection readModel, CancellationToken cancellationToken)
    {
        var member = global::Akka.Cluster.Cluster.Get(system).SelfMember;
        if (member.Status != global::Akka.Cluster.MemberStatus.Up)
            return Unavailable($"joining the cluster ({member.Status})");
        if (!region.GetAsync(cancellationToken).IsCompletedSuccessfully)
            return Unavailable("starting the entities");
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = HostDatabase.Command(connection, null, "SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Unavailable($"store unreachable: {ex.GetType().Name}");
        }
        var inFlight = entities.Activity.InFlight;
        var report = new HealthReport("ready", inFlight, entities.Options.MaxPendingInputs, Math.Round(readModel.Lag.TotalSeconds, 3));
        return inFlight >= entities.Options.MaxPendingInputs
            ? TypedResults.Json(report with { Status = "overloaded" }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(report);
    }

    private static IResult Unavailable(string why) => TypedResults.Json(new HealthReport(why), statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>The body of a health answer: the status, and when ready the work in flight, its limit and the read model's lag in seconds.</summary>
    public sealed record HealthReport(string Status, long? InFlight = null, int? InFlightLimit = null, double? ReadModelLagSeconds = null);
}
