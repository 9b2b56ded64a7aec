namespace Campus.Host.Logging;

/// <summary>
/// One structured log line per request: method, path (never the query string, which may carry a
/// device key), status and duration. No student or guardian names: paths carry ids only.
/// </summary>
public static class RequestLogging
{
    public static IApplicationBuilder UseCampusRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Campus.Host.Requests");
        return app.Use(async (context, next) =>
        {
            var started = TimeProvider.System.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var elapsed = TimeProvider.System.GetElapsedTime(started);
                var level = context.Response.StatusCode >= 500 ? LogLevel.Error : context.Request.Path.StartsWithSegments("/hubs") ? LogLevel.Debug : LogLevel.Information;
                logger.Log(level, "HTTP {Method} {Path} responded {StatusCode} in {Elapsed:0.0} ms",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, elapsed.TotalMilliseconds);
            }
        });
    }
}
