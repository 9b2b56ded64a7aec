using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Campus.Host.Storage;

namespace Campus.Host.Auth;

/// <summary>
/// Sign-in for the host: accounts, cookie authentication (HttpOnly, SameSite=Strict; 401 and 403
/// instead of redirects), the named policies, anti-forgery for unsafe requests made with the
/// cookie, and the audit trail.
/// </summary>
public static class AuthSetup
{
    /// <summary>The header the console sends the anti-forgery token in.</summary>
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "campus.session";

    /// <summary>Unsafe requests that need no anti-forgery token: devices (X-Device-Key) and signing in.</summary>
    private static readonly string[] Exempt = ["/api/v1/events", "/api/v1/adapters/", "/api/v1/auth/signin", "/api/v1/auth/guardian"];

    /// <summary>Registers accounts, the audit trail, cookies, policies and anti-forgery, keeping their keys in <paramref name="dataFolder"/>.</summary>
    public static WebApplicationBuilder AddCampusAuth(this WebApplicationBuilder builder, string dataFolder)
    {
        // Files in the data folder, or shared by every node of a cluster through PostgreSQL.
        builder.Services.AddSingleton(sp => new AccountStore(sp.GetRequiredService<HostDatabase>().SharedDocument("accounts", Path.Combine(dataFolder, "accounts.json"))));
        // Sessions last in real time, whatever the simulated clock does.
        builder.Services.AddSingleton(sp => new CampusSessions(sp.GetRequiredService<AccountStore>(), TimeProvider.System, sp.GetRequiredService<ILogger<CampusSessions>>()));
        builder.Services.AddSingleton<SessionConnections>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<HostDatabase>().Postgres is { } postgres
            ? new AuditLog(postgres, sp.GetRequiredService<TimeProvider>())
            : new AuditLog(Path.Combine(dataFolder, "audit.jsonl"), sp.GetRequiredService<TimeProvider>()));
        // Cookies and anti-forgery tokens stay valid across restarts: their keys live with the data,
        // and on PostgreSQL every node uses the same key ring (a session made on one node is valid on all).
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "protection-keys"))).SetApplicationName("CampusOps");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<HostDatabase>((o, database) =>
        {
            if (database.Postgres is { } postgres) o.XmlRepository = new PostgresXmlRepository(postgres);
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = AccountStore.SessionTime;
            o.SlidingExpiration = true;
            // A session lasts in real time, whatever the simulated clock does.
            o.TimeProvider = TimeProvider.System;
            // Every request checks the cookie's session: signed out, expired, or its account replaced
            // (a change of scope or password) or removed, and the cookie is refused (and cleared).
            o.Events.OnValidatePrincipal = async context =>
            {
                if (context.Principal is { } principal && context.HttpContext.RequestServices.GetRequiredService<CampusSessions>().IsCurrent(principal)) return;
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            };
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorization(Policies.Add);
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "campus.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }

    /// <summary>Authentication, authorization, and the anti-forgery check on unsafe API requests made with the session cookie.</summary>
    public static WebApplication UseCampusAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                && request.Path.StartsWithSegments("/api")
                && context.User.Identity?.IsAuthenticated == true
                && !Exempt.Any(e => request.Path.Value!.StartsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                try
                {
                    await antiforgery.ValidateRequestAsync(context);
                }
                catch (AntiforgeryValidationException)
                {
                    await Results.Problem($"Send the token from GET /api/v1/auth/antiforgery in the {AntiforgeryHeader} header.",
                        statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid anti-forgery token").ExecuteAsync(context);
                    return;
                }
            }
            await next(context);
        });
        return app;
    }
}
