namespace Campus.Host.Console;

/// <summary>
/// Browser protections on every answer (the console's files, the API, problem details): a
/// Content-Security-Policy that lets the console load only its own script, style and connections
/// (no inline script, no other origin) and never be framed, <c>X-Frame-Options</c> for browsers
/// that predate <c>frame-ancestors</c>, <c>X-Content-Type-Options: nosniff</c> and
/// <c>Referrer-Policy: no-referrer</c>.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy: the console's own files and same-origin requests (API, SignalR) only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response, however it ends (set when the response starts, so an error answer keeps them).</summary>
    public static WebApplication UseCampusSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
