using System.Text.Json.Serialization;

namespace Campus.Host.Auth;

/// <summary>
/// The roles, in one place: admin and security see a whole campus, a supervisor their dorms, a
/// teacher their classes, a guardian their children; a county account (an education bureau) reads
/// a list of campuses and changes nothing.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Security = "security";
    public const string Supervisor = "supervisor";
    public const string Teacher = "teacher";
    public const string Guardian = "guardian";

    /// <summary>An education bureau: reads the alerts, presence, devices and layout of its campuses (<see cref="Account.Campuses"/>); never acts on them.</summary>
    public const string County = "county";

    public static readonly string[] All = [Admin, Security, Supervisor, Teacher, Guardian, County];

    /// <summary>The roles that act on a campus (commands) and sign in with a user name and password.</summary>
    public static readonly string[] Operators = [Admin, Security, Supervisor, Teacher];

    /// <summary>The roles that sign in with a user name and password: the operators and county accounts.</summary>
    public static readonly string[] WithPassword = [.. Operators, County];
}

/// <summary>
/// An account as stored in <c>accounts.json</c>: never a password or a code, only their hashes
/// (a password through <c>PasswordHasher&lt;Account&gt;</c>, a guardian's random access code as SHA-256).
/// </summary>
public sealed class Account
{
    public required string UserName { get; set; }

    public required string Role { get; set; }

    /// <summary>
    /// The campus the account belongs to; <c>*</c> for an admin of every campus; empty for a county
    /// account, which belongs to no one campus (its campuses are <see cref="Campuses"/>).
    /// </summary>
    public required string CampusId { get; set; }

    /// <summary>A county account's campuses (campus ids); empty for every other role.</summary>
    public List<string> Campuses { get; set; } = [];

    public List<string> Dorms { get; set; } = [];

    public List<string> Classes { get; set; } = [];

    /// <summary>A guardian's children (student ids).</summary>
    public List<string> Children { get; set; } = [];

    /// <summary>A guardian's id in the campus manifest (notices go to <c>guardian:{campus}/{id}</c>).</summary>
    public string? GuardianId { get; set; }

    public string? PasswordHash { get; set; }

    /// <summary>SHA-256 (hex) of a guardian's access code.</summary>
    public string? CodeHash { get; set; }

    /// <summary>
    /// The account's sessions (<see cref="AccountSession"/>). An account created or replaced starts
    /// with none, so a change of scope or password, or a removal, ends every session it had.
    /// </summary>
    public List<AccountSession> Sessions { get; set; } = [];

    /// <summary>What the account may see, for <c>demo.json</c> and <c>/auth/me</c>.</summary>
    [JsonIgnore]
    public string Scope => Role switch
    {
        Roles.Supervisor => "dorm:" + string.Join(',', Dorms),
        Roles.Teacher => "class:" + string.Join(',', Classes),
        Roles.Guardian => "student:" + string.Join(',', Children),
        Roles.County => "county:" + string.Join(',', Campuses),
        _ => "campus:" + CampusId,
    };
}

/// <summary>
/// One signed-in session of an account: the SHA-256 (hex) of the session id its cookie carries, and
/// when it ends (real time, extended while it is used, like the cookie).
/// </summary>
public sealed class AccountSession
{
    public required string IdHash { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
