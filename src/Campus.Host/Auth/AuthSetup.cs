using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

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
        builder.Services.AddSingleton(AccountStore.Load(Path.Combine(dataFolder, "accounts.json")));
        builder.Services.AddSingleton(sp => new AuditLog(Path.Combine(dataFolder, "audit.jsonl"), sp.GetRequiredService<TimeProvider>()));
        // Cookies and anti-forgery tokens stay valid across restarts: their keys live with the data.
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "protection-keys"))).SetApplicationName("CampusOps");
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // A session lasts in real time, whatever the simulated clock does.
            o.TimeProvider = TimeProvider.System;
            // A session ends with its account: removed, or given another role or campus.
            o.Events.OnValidatePrincipal = context =>
            {
                var user = context.Principal is { } principal ? CampusUser.From(principal) : null;
                var account = user is null ? null : context.HttpContext.RequestServices.GetRequiredService<AccountStore>().Find(user.UserName);
                if (account is null || account.Role != user!.Role || account.CampusId != user.CampusId) context.RejectPrincipal();
                return Task.CompletedTask;
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
