using System.Security.Claims;
using Campus.Host.Campus;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Campus.Host.Auth;

/// <summary>
/// Signing in and out: <c>POST /api/v1/auth/signin</c> (operators), <c>POST /api/v1/auth/guardian</c>
/// (a guardian's access code), <c>POST /api/v1/auth/signout</c>, <c>GET /api/v1/auth/me</c> and
/// <c>GET /api/v1/auth/antiforgery</c>; and the admin's audit trail, <c>GET /api/v1/audit</c>.
/// </summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Sign-in");
        auth.MapPost("/signin", SignInAsync).RequireRateLimiting(RateLimits.SignIn).WithSummary("Sign in with a user name and password (operators)");
        auth.MapPost("/guardian", GuardianSignInAsync).WithSummary("Sign in with a guardian's personal access code");
        auth.MapPost("/signout", SignOutAsync).WithSummary("End the session");
        auth.MapGet("/me", (ClaimsPrincipal principal) => TypedResults.Ok(Me(CampusUser.From(principal)!))).RequireAuthorization(Policies.SignedIn);
        auth.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            return TypedResults.Ok(new AntiforgeryToken(tokens.RequestToken!, AuthSetup.AntiforgeryHeader));
        }).WithSummary("A token to send in X-CSRF-TOKEN with unsafe requests");
        app.MapGet("/api/v1/audit", ListAudit).WithTags("Audit").RequireAuthorization(Policies.Admin).WithSummary("Operator actions in [from, to)");
        return app;
    }

    public sealed record SignInRequest(string? UserName, string? Password);

    public sealed record GuardianSignInRequest(string? Code);

    /// <summary>Who is signed in and what they may see (<c>campuses</c>: a county account's campuses; empty for every other role).</summary>
    public sealed record MeView(string UserName, string Role, string CampusId, IReadOnlyList<string> Dorms, IReadOnlyList<string> Classes, IReadOnlyList<string> Children, string? GuardianId,
        IReadOnlyList<string> Campuses);

    public sealed record AntiforgeryToken(string Token, string HeaderName);

    private static MeView Me(CampusUser user) => new(user.UserName, user.Role, user.CampusId, user.Dorms, user.Classes, user.Children, user.GuardianId, user.Campuses);

    /// <summary>The campus an audit entry of an account is filed under: none for a county account (it belongs to no one campus).</summary>
    private static string? AuditCampus(string? campusId) => string.IsNullOrEmpty(campusId) ? null : campusId;

    private static async Task<IResult> SignInAsync(SignInRequest? body, HttpContext context, AccountStore accounts, CampusSessions sessions, AuditLog audit, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(body?.UserName) || string.IsNullOrEmpty(body.Password) || body.UserName.Length > 64 || body.Password.Length > 512)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = ["give a user name and a password"] });
        // Failures count per user name and client address: the answers are the same whether the name exists or not.
        var result = accounts.SignIn(body.UserName, body.Password, context.Connection.RemoteIpAddress?.ToString(), clock.GetUtcNow());
        var account = result.Account;
        switch (result.Outcome)
        {
            case SignInOutcome.LockedOut:
                audit.Record(body.UserName, account?.Role, "sign-in", AuditCampus(account?.CampusId), body.UserName, "locked-out");
                return TypedResults.Problem($"Too many failed sign-ins from this address: try again after {result.LockedUntil:O}.",
                    statusCode: StatusCodes.Status423Locked, title: "Account locked");
            case SignInOutcome.Failed:
                audit.Record(body.UserName, account?.Role, "sign-in", AuditCampus(account?.CampusId), body.UserName, "failed");
                return TypedResults.Problem("Wrong user name or password.", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");
        }
        return await StartSessionAsync(context, account!, sessions, audit);
    }

    private static async Task<IResult> GuardianSignInAsync(GuardianSignInRequest? body, HttpContext context, AccountStore accounts, CampusSessions sessions, AuditLog audit)
    {
        if (accounts.SignInWithCode(body?.Code) is not { } account)
        {
            audit.Record("(guardian code)", Roles.Guardian, "sign-in", null, null, "failed");
            return TypedResults.Problem("Unknown access code.", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");
        }
        return await StartSessionAsync(context, account, sessions, audit);
    }

    private static async Task<IResult> StartSessionAsync(HttpContext context, Account account, CampusSessions sessions, AuditLog audit)
    {
        if (sessions.Start(account, CookieAuthenticationDefaults.AuthenticationScheme) is not { } principal)
            return TypedResults.Problem("Wrong user name or password.", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in"); // removed meanwhile
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        var user = CampusUser.From(principal)!;
        audit.Record(user, "sign-in", AuditCampus(account.CampusId), account.UserName, "success");
        return TypedResults.Ok(Me(user));
    }

    /// <summary>Ends the session for good (a copy of the cookie stops working too) and clears the cookie; its hub connections close.</summary>
    private static async Task<IResult> SignOutAsync(HttpContext context, CampusSessions sessions, AuditLog audit)
    {
        if (CampusUser.From(context.User) is { } user)
        {
            sessions.End(context.User);
            audit.Record(user, "sign-out", AuditCampus(user.CampusId), user.UserName, "success");
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    /// <summary>An admin of one campus reads that campus's entries; an admin of every campus all of them.</summary>
    private static IResult ListAudit(DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal principal, AuditLog audit)
    {
        var admin = CampusUser.From(principal)!;
        return TypedResults.Ok(audit.List(from, to).Where(e => admin.CampusId == "*" || e.CampusId == admin.CampusId));
    }
}
