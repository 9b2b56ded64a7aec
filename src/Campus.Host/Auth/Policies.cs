using Microsoft.AspNetCore.Authorization;

namespace Campus.Host.Auth;

/// <summary>
/// The named authorization policies. Apply one to an endpoint or group with
/// <c>.RequireAuthorization(Policies.Admin)</c>; scope within a campus (dorms, classes, children)
/// is checked by the endpoint through <see cref="CampusUser"/>.
/// <list type="bullet">
/// <item><c>admin</c>: admins only (accounts, audit, device keys, notification dead letters).</item>
/// <item><c>security</c>: admin or security (the whole campus: presence, devices, moving the simulated clock).</item>
/// <item><c>operator</c>: admin, security, supervisor or teacher (alerts, roll call, commands; scoped).</item>
/// <item><c>guardian</c>: guardians only.</item>
/// <item><c>read-alerts</c>: the operators and county accounts (reading alerts; scoped).</item>
/// <item><c>read-whole-campus</c>: admin, security or county (reading presence and devices of a whole campus).</item>
/// <item><c>county</c>: county accounts and admins (the county overview of their campuses).</item>
/// <item><c>signed-in</c>: any signed-in account, guardians included (their own children's data; the campus layout).</item>
/// </list>
/// A county account is in none of the policies that act (<c>admin</c>, <c>security</c>,
/// <c>operator</c>): it reads, never changes anything. Anonymous requests get 401, signed-in
/// requests outside the policy 403.
/// </summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string Security = "security";
    public const string Operator = "operator";
    public const string Guardian = "guardian";
    public const string SignedIn = "signed-in";
    public const string ReadAlerts = "read-alerts";
    public const string ReadWholeCampus = "read-whole-campus";
    public const string County = "county";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        options.AddPolicy(Security, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Security));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Operators));
        options.AddPolicy(Guardian, p => p.RequireAuthenticatedUser().RequireRole(Roles.Guardian));
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().RequireRole(Roles.All));
        options.AddPolicy(ReadAlerts, p => p.RequireAuthenticatedUser().RequireRole(Roles.Operators.Append(Roles.County)));
        options.AddPolicy(ReadWholeCampus, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Security, Roles.County));
        options.AddPolicy(County, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.County));
    }
}
