using System.Threading.RateLimiting;
using Campus.Host.Campus;

namespace Campus.Host.Ingest;

/// <summary>Per-device request limits for the ingest endpoints: a misbehaving device gets 429, not the whole campus.</summary>
public static class IngestRateLimits
{
    /// <summary>The policy name: a token bucket per device key.</summary>
    public const string PerDevice = "per-device";

    public static WebApplicationBuilder AddIngestRateLimits(this WebApplicationBuilder builder)
    {
        var perSecond = builder.Configuration.GetSection(CampusOptions.Section).Get<CampusOptions>()?.DeviceRequestsPerSecond ?? 50;
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(PerDevice, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Request.Headers[IngestApi.KeyHeader].FirstOrDefault() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        return builder;
    }
}
