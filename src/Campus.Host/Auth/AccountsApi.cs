using System.Security.Claims;

namespace Campus.Host.Auth;

/// <summary>
/// Account management for admins: <c>GET /api/v1/accounts</c>, <c>POST /api/v1/accounts</c>
/// (an operator with a password, or a guardian whose access code is answered once), and
/// <c>DELETE /api/v1/accounts/{userName}</c>. User names are unique across campuses (compared
/// without case). An admin of one campus manages that campus's accounts only: posting the name of an
/// account of another campus (or of an admin of every campus) is a conflict, never a replacement.
/// An admin of <c>*</c> manages every account, and only they create, change or remove county
/// accounts (an education bureau reading a list of campuses, <c>campuses</c>, each a campus this
/// host serves). Replacing or removing an account ends its sessions (a county account's new list of
/// campuses takes effect at its next sign-in). Every change is audited.
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
        IReadOnlyList<string> Children, string? GuardianId, IReadOnlyList<string> Campuses, DateTimeOffset? LockedUntil);

    /// <summary>
    /// A new account: operators with a password; guardians with a guardian id and children (their
    /// code is answered once); a county account with a password and its campuses (no campus id).
    /// </summary>
    public sealed record AccountRequest(string? UserName, string? Role, string? CampusId, string? Password,
        List<string>? Dorms, List<string>? Classes, List<string>? Children, string? GuardianId, List<string>? Campuses = null);

    /// <summary>The most campuses one county account reads.</summary>
    public const int MaxCountyCampuses = 1000;

    /// <summary>A guardian's new access code, shown once.</summary>
    public sealed record GuardianCode(string UserName, string Code);

    /// <summary>The view of an account; <c>lockedUntil</c>: while some address is locked out of it, until when (the latest).</summary>
    private static AccountView View(Account a, DateTimeOffset? lockedUntil) =>
        new(a.UserName, a.Role, a.CampusId, a.Dorms, a.Classes, a.Children, a.GuardianId, a.Campuses, lockedUntil);

    /// <summary>
    /// The admin manages the account: an admin of <c>*</c> every account; an admin of one campus the
    /// accounts of that campus (never a county account, which reads other campuses too).
    /// </summary>
    public static bool Manages(CampusUser admin, Account account) =>
        admin.CampusId == "*" || (account.Role != Roles.County && account.CampusId == admin.CampusId);

    private static IResult List(ClaimsPrincipal principal, AccountStore accounts, TimeProvider clock)
    {
        var admin = CampusUser.From(principal)!;
        var now = clock.GetUtcNow();
        return TypedResults.Ok(accounts.All().Where(a => Manages(admin, a)).Select(a => View(a, accounts.LockedUntil(a.UserName, now))));
    }

    /// <summary>A county account: the campuses it reads, each one this host serves; only an admin of every campus creates one.</summary>
    private static IResult CreateCounty(AccountRequest? body, CampusUser admin, AccountStore accounts, AuditLog audit, Campus.CampusDirectory directory)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body?.UserName) || body.UserName.Length > 64) errors["userName"] = ["is required: 1-64 characters"];
        if (!string.IsNullOrEmpty(body?.CampusId)) errors["campusId"] = ["a county account has no campus id: list its campuses in campuses"];
        var campuses = body?.Campuses ?? [];
        if (campuses.Count == 0) errors["campuses"] = ["is required for a county account: the campus ids it reads"];
        else if (campuses.Count > MaxCountyCampuses) errors["campuses"] = [$"at most {MaxCountyCampuses} campuses"];
        else if (campuses.Where(c => c is null || directory.Find(c) is null).Select(c => c ?? "null").Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
            errors["campuses"] = [.. unknown.Take(20).Select(c => $"'{c}' is not a campus of this host")];
        if (body?.Dorms is { Count: > 0 }) errors["dorms"] = ["only a supervisor has dorms"];
        if (body?.Classes is { Count: > 0 }) errors["classes"] = ["only a teacher has classes"];
        if (body?.Children is { Count: > 0 } || body?.GuardianId is not null) errors["children"] = ["only a guardian has children"];
        if (PasswordRules.Check(body?.Password) is { } problem) errors["password"] = [problem];
        if (admin.CampusId != "*")
            return TypedResults.Problem("Only an admin of every campus manages county accounts.", statusCode: StatusCodes.Status403Forbidden, title: "Out of scope");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var list = campuses.Distinct(StringComparer.Ordinal).ToList();
        var account = accounts.SetCounty(body!.UserName!, body.Password!, list);
        audit.Record(admin, "account-create", null, body.UserName, "accepted", $"county: {string.Join(',', list)}");
        return TypedResults.Json(View(account, null), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Create(AccountRequest? body, ClaimsPrincipal principal, AccountStore accounts, AuditLog audit, Campus.CampusDirectory directory)
    {
        var admin = CampusUser.From(principal)!;
        if (body?.Role == Roles.County) return CreateCounty(body, admin, accounts, audit, directory);
        var errors = new Dictionary<string, string[]>();
        if (body?.Campuses is { Count: > 0 }) errors["campuses"] = ["only a county account has campuses"];
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
        if (accounts.Find(body!.UserName!) is { } existing && !Manages(admin, existing))
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
        if (accounts.Find(userName) is not { } account || !Manages(admin, account))
            return TypedResults.Problem($"No account '{userName}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown account");
        accounts.Remove(userName);
        audit.Record(admin, "account-delete", account.Role == Roles.County ? null : account.CampusId, userName, "accepted", account.Role);
        return TypedResults.NoContent();
    }
}
