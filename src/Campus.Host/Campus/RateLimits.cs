using System.Globalization;
using System.Threading.RateLimiting;
using Campus.Host.Adapters;
using Campus.Host.Devices;

namespace Campus.Host.Campus;

/// <summary>
/// Request limits: a token bucket per device for the ingest endpoints (a misbehaving device gets
/// 429, not the whole campus; callers without a valid key get buckets of their own, per client
/// address, so a keyless flood never spends a device's budget) and a window per client address
/// for password sign-in (password spraying across accounts, which the per-account lockout does not
/// see). Every refusal is 429 problem details with <c>Retry-After</c>.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy name: a token bucket per authenticated device (and one per client address for requests without a valid key).</summary>
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
            limiter.AddPolicy(PerDevice, context => DevicePartition(context, options.DeviceRequestsPerSecond));
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

    /// <summary>
    /// The bucket of a device request: the device its key (header, or the adapters' <c>key</c> query
    /// parameter) authenticates, so every key of one device shares one budget; a request with no
    /// valid key is limited by its client address instead. Both get
    /// <c>Campus:DeviceRequestsPerSecond</c>.
    /// </summary>
    internal static RateLimitPartition<string> DevicePartition(HttpContext context, int perSecond)
    {
        var device = context.RequestServices.GetRequiredService<DeviceKeys>().Authenticate(AdaptersApi.KeyOf(context.Request));
        var partition = device is null
            ? "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown")
            : $"device:{device.CampusId}/{device.DeviceId}";
        return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
