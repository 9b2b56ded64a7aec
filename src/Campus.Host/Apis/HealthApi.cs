using Campus.Actors.Runtime;

namespace Campus.Host.Apis;

/// <summary><c>/healthz</c> (the process is alive) and <c>/readyz</c> (store reachable, shards recovered).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthReport("alive")));
        app.MapGet("/readyz", ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(EntityRuntime runtime, IShardStore store, CancellationToken cancellationToken)
    {
        if (!runtime.IsReady) return TypedResults.Json(new HealthReport("recovering"), statusCode: StatusCodes.Status503ServiceUnavailable);
        try
        {
            await store.GetLogHeadAsync(0, cancellationToken);
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
