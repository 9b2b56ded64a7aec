using System.Globalization;
using System.Threading.RateLimiting;
using Campus.Host.Ingest;

namespace Campus.Host.Campus;

/// <summary>
/// Request limits: a token bucket per device key for the ingest endpoints (a misbehaving device
/// gets 429, not the whole campus) and a window per client address for password sign-in (password
/// spraying across accounts, which the per-account lockout does not see). Every refusal is 429
/// problem details with <c>Retry-After</c>.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy name: a token bucket per device key.</summary>
    public const string PerDevice = "per-device";

    /// <summary>The policy name: password sign-in attempts per client address and minute.</summary>
    public const string SignIn = "sign-in";

    public static WebApplicationBuilder AddCampusRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(CampusOptions.Section).Get<CampusOptions>() ?? new CampusOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem($"Too many requests; try again in {seconds} s.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(context.HttpContext);
            };
            limiter.AddPolicy(PerDevice, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Request.Headers[IngestApi.KeyHeader].FirstOrDefault() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.DeviceRequestsPerSecond,
                    TokensPerPeriod = options.DeviceRequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.AddPolicy(SignIn, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        return builder;
    }
}
