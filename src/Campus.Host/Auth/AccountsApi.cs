using System.Security.Claims;

namespace Campus.Host.Auth;

/// <summary>
/// Account management for admins: <c>GET /api/v1/accounts</c>, <c>POST /api/v1/accounts</c>
/// (an operator with a password, or a guardian whose access code is answered once), and
/// <c>DELETE /api/v1/accounts/{userName}</c>. User names are unique across campuses (compared
/// without case). An admin of one campus manages that campus's accounts only: posting the name of an
/// account of another campus (or of an admin of every campus) is a conflict, never a replacement.
/// An admin of <c>*</c> manages every account. Replacing or removing an account ends its sessions.
/// Every change is audited.
/// </summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/v1/accounts").WithTags("Accounts").RequireAuthorization(Policies.Admin);
        accounts.MapGet("", List).WithSummary("Accounts (no secrets)");
        accounts.MapPost("", Create).WithSummary("Create or replace an account");
        accounts.MapDelete("/{userName}", Delete).WithSummary("Remove an account (its sessions end)");
        return app;
    }

    /// <summary>An account as an admin sees it: never a hash.</summary>
    public sealed record AccountView(string UserName, string Role, string CampusId, IReadOnlyList<string> Dorms, IReadOnlyList<string> Classes,
        IReadOnlyList<string> Children, string? GuardianId, DateTimeOffset? LockedUntil);

    /// <summary>A new account: operators with a password; guardians with a guardian id and children (their code is answered once).</summary>
    public sealed record AccountRequest(string? UserName, string? Role, string? CampusId, string? Password,
        List<string>? Dorms, List<string>? Classes, List<string>? Children, string? GuardianId);

    /// <summary>A guardian's new access code, shown once.</summary>
    public sealed record GuardianCode(string UserName, string Code);

    /// <summary>The view of an account; <c>lockedUntil</c>: while some address is locked out of it, until when (the latest).</summary>
    private static AccountView View(Account a, DateTimeOffset? lockedUntil) => new(a.UserName, a.Role, a.CampusId, a.Dorms, a.Classes, a.Children, a.GuardianId, lockedUntil);

    private static IResult List(ClaimsPrincipal principal, AccountStore accounts, TimeProvider clock)
    {
        var admin = CampusUser.From(principal)!;
        var now = clock.GetUtcNow();
        return TypedResults.Ok(accounts.All().Where(a => admin.HasCampus(a.CampusId)).Select(a => View(a, accounts.LockedUntil(a.UserName, now))));
    }

    private static IResult Create(AccountRequest? body, ClaimsPrincipal principal, AccountStore accounts, AuditLog audit, Campus.CampusDirectory directory)
    {
        var admin = CampusUser.From(principal)!;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body?.UserName) || body.UserName.Length > 64) errors["userName"] = ["is required: 1-64 characters"];
        if (body?.Role is null || !Roles.All.Contains(body.Role)) errors["role"] = [$"must be one of {string.Join(", ", Roles.All)}"];
        var campus = body?.CampusId ?? "";
        if (campus != "*" && directory.Find(campus) is null) errors["campusId"] = ["must be a campus id (or * for an admin of every campus)"];
        else if (campus == "*" && body?.Role != Roles.Admin) errors["campusId"] = ["only an admin may have every campus (*)"];
        if ((errors.Count == 0 && !admin.HasCampus(campus)) || (campus == "*" && admin.CampusId != "*"))
            return TypedResults.Problem("You manage only the accounts of your campus.", statusCode: StatusCodes.Status403Forbidden, title: "Out of scope");
        if (body?.Role == Roles.Guardian)
        {
            if (string.IsNullOrWhiteSpace(body.GuardianId)) errors["guardianId"] = ["is required for a guardian"];
            if (body.Children is not { Count: > 0 }) errors["children"] = ["is required for a guardian: their student ids"];
        }
        else if (PasswordRules.Check(body?.Password) is { } problem) errors["password"] = [problem];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // A name is one account: an admin replaces only an account they manage.
        if (accounts.Find(body!.UserName!) is { } existing && !admin.HasCampus(existing.CampusId))
        {
            audit.Record(admin, "account-create", campus, body.UserName, "refused", "the user name is taken");
            return TypedResults.Problem($"The user name '{body.UserName}' is taken.", statusCode: StatusCodes.Status409Conflict, title: "User name taken");
        }
        if (body.Role == Roles.Guardian)
        {
            var code = accounts.SetGuardian(body.UserName!, campus, body.GuardianId!, body.Children!);
            audit.Record(admin, "account-create", campus, body.UserName, "accepted", "guardian");
            return TypedResults.Json(new GuardianCode(body.UserName!, code), statusCode: StatusCodes.Status201Created);
        }
        var account = accounts.SetOperator(body.UserName!, body.Role!, campus, body.Password!, body.Dorms, body.Classes);
        audit.Record(admin, "account-create", campus, body.UserName, "accepted", body.Role);
        return TypedResults.Json(View(account, null), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Delete(string userName, ClaimsPrincipal principal, AccountStore accounts, AuditLog audit)
    {
        var admin = CampusUser.From(principal)!;
        if (accounts.Find(userName) is not { } account || !admin.HasCampus(account.CampusId))
            return TypedResults.Problem($"No account '{userName}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown account");
        accounts.Remove(userName);
        audit.Record(admin, "account-delete", account.CampusId, userName, "accepted", account.Role);
        return TypedResults.NoContent();
    }
}
