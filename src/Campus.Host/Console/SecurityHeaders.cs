namespace Campus.Host.Console;

/// <summary>
/// Browser protections on every answer (the console's files, the API, problem details): a
/// Content-Security-Policy that lets the console load only its own script, style and connections
/// (no inline script, no other origin) and never be framed, <c>X-Frame-Options</c> for browsers
/// that predate <c>frame-ancestors</c>, <c>X-Content-Type-Options: nosniff</c> and
/// <c>Referrer-Policy: no-referrer</c>. A page rendered on the server (the printable daily report)
/// may allow its own inline stylesheet, by its hash, for its answer alone (<see cref="AllowInlineStyle"/>).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy: the console's own files and same-origin requests (API, SignalR) only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string InlineStyleItem = "campus.inline-style";

    /// <summary>
    /// Lets this one response use the inline stylesheet <paramref name="css"/> (a server-rendered page
    /// such as the printable daily report): its policy's <c>style-src</c> also allows that exact
    /// stylesheet by its SHA-256 hash, nothing else (no other inline style, no style attribute, no script).
    /// </summary>
    public static void AllowInlineStyle(HttpContext context, string css)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(css);
        context.Items[InlineStyleItem] = "'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(css))) + "'";
    }

    /// <summary>Adds the headers to every response, however it ends (set when the response starts, so an error answer keeps them).</summary>
    public static WebApplication UseCampusSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Items[InlineStyleItem] is string style
                    ? ContentSecurityPolicy.Replace("style-src 'self'", "style-src 'self' " + style, StringComparison.Ordinal)
                    : ContentSecurityPolicy;
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
