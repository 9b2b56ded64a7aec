using System.Security.Claims;
using Campus.Actors.Alerts;
using Campus.Actors.Reference;

namespace Campus.Host.Auth;

/// <summary>
/// The signed-in identity and what it may see, read from the cookie's claims. Every endpoint and
/// the hub decide scope through this one type.
/// </summary>
public sealed class CampusUser
{
    public const string CampusClaim = "campus";
    public const string DormClaim = "dorm";
    public const string ClassClaim = "class";
    public const string ChildClaim = "child";
    public const string GuardianClaim = "guardian";

    /// <summary>One claim per campus of a county account.</summary>
    public const string CountyCampusClaim = "county-campus";

    /// <summary>The claim with the id of the session the cookie belongs to (<see cref="CampusSessions"/>).</summary>
    public const string SessionClaim = "session";

    private readonly HashSet<string> _countyCampuses;

    private CampusUser(string userName, string role, string campusId, IReadOnlyList<string> dorms, IReadOnlyList<string> classes, IReadOnlyList<string> children, string? guardianId,
        IReadOnlyList<string> campuses, string? sessionId)
    {
        Campuses = campuses;
        _countyCampuses = new HashSet<string>(campuses, StringComparer.Ordinal);
        SessionId = sessionId;
        UserName = userName;
        Role = role;
        CampusId = campusId;
        Dorms = dorms;
        Classes = classes;
        Children = children;
        GuardianId = guardianId;
    }

    public string UserName { get; }

    public string Role { get; }

    public string CampusId { get; }

    public IReadOnlyList<string> Dorms { get; }

    public IReadOnlyList<string> Classes { get; }

    public IReadOnlyList<string> Children { get; }

    public string? GuardianId { get; }

    /// <summary>A county account's campuses (empty for every other role).</summary>
    public IReadOnlyList<string> Campuses { get; }

    /// <summary>The session this identity was signed in with (null in a cookie from before sessions, which is never valid).</summary>
    public string? SessionId { get; }

    /// <summary>The signed-in user of a request, or null when anonymous.</summary>
    public static CampusUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var name = principal.Identity.Name;
        var role = principal.FindFirstValue(ClaimTypes.Role);
        var campus = principal.FindFirstValue(CampusClaim);
        if (name is null || role is null || campus is null) return null;
        return new CampusUser(name, role, campus,
            [.. principal.FindAll(DormClaim).Select(c => c.Value)],
            [.. principal.FindAll(ClassClaim).Select(c => c.Value)],
            [.. principal.FindAll(ChildClaim).Select(c => c.Value)],
            principal.FindFirstValue(GuardianClaim),
            [.. principal.FindAll(CountyCampusClaim).Select(c => c.Value)],
            principal.FindFirstValue(SessionClaim));
    }

    /// <summary>What an account may see, outside a request (the morning report's delivery checks its subscribers with it).</summary>
    public static CampusUser Of(Account account) => new(account.UserName, account.Role, account.CampusId, account.Dorms, account.Classes, account.Children,
        account.GuardianId, account.Role == Roles.County ? account.Campuses : [], sessionId: null);

    /// <summary>The claims an account signed in with session <paramref name="sessionId"/> carries.</summary>
    public static ClaimsPrincipal Principal(Account account, string scheme, string sessionId)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.Role, account.Role),
            new(CampusClaim, account.CampusId),
            new(SessionClaim, sessionId),
        };
        claims.AddRange(account.Dorms.Select(d => new Claim(DormClaim, d)));
        claims.AddRange(account.Classes.Select(c => new Claim(ClassClaim, c)));
        claims.AddRange(account.Children.Select(c => new Claim(ChildClaim, c)));
        if (account.GuardianId is not null) claims.Add(new Claim(GuardianClaim, account.GuardianId));
        if (account.Role == Roles.County) claims.AddRange(account.Campuses.Select(c => new Claim(CountyCampusClaim, c)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public bool IsSecurity => Role is Roles.Admin or Roles.Security;

    public bool IsOperator => Roles.Operators.Contains(Role);

    /// <summary>A county account: reads its campuses, acts on none.</summary>
    public bool IsCounty => Role == Roles.County;

    /// <summary>
    /// The campus is this account's: an admin of <c>*</c> has every campus, a county account exactly
    /// the campuses of its list, every other account its own campus.
    /// </summary>
    public bool HasCampus(string campusId) => IsCounty
        ? _countyCampuses.Contains(campusId)
        : CampusId == "*" || string.Equals(CampusId, campusId, StringComparison.Ordinal);

    /// <summary>The whole campus: admin or security of it.</summary>
    public bool SeesWholeCampus(string campusId) => IsSecurity && HasCampus(campusId);

    /// <summary>Reads the whole campus (presence, devices): admin or security of it, or a county account that has it.</summary>
    public bool ReadsWholeCampus(string campusId) => (IsSecurity || IsCounty) && HasCampus(campusId);

    /// <summary>
    /// An alert's scope (<c>dorm:{id}</c>, <c>class:{id}</c> or null for campus-wide) is within this
    /// account's (a county account reads every alert of its campuses; acting on one is refused by the
    /// commands' policy).
    /// </summary>
    public bool SeesAlertScope(string campusId, string? scope)
    {
        if (!HasCampus(campusId)) return false;
        if (IsSecurity || IsCounty) return true;
        if (!AlertScope.TryParse(scope, out var parsed)) return false;
        return Role switch
        {
            Roles.Supervisor => parsed.Kind == AlertScopeKind.Dorm && Dorms.Contains(parsed.Id),
            Roles.Teacher => parsed.Kind == AlertScopeKind.Class && Classes.Contains(parsed.Id),
            _ => false,
        };
    }

    /// <summary>A student is within this account's scope: the whole campus, their dorm, their class, or the guardian's own child.</summary>
    public bool SeesStudent(string campusId, StudentInfo student)
    {
        if (!HasCampus(campusId)) return false;
        return Role switch
        {
            Roles.Admin or Roles.Security => true,
            Roles.Supervisor => student.Boarding && student.DormId is { } dorm && Dorms.Contains(dorm),
            Roles.Teacher => Classes.Contains(student.ClassId),
            Roles.Guardian => Children.Contains(student.Id),
            _ => false,
        };
    }

    /// <summary>The roll call of a dorm or class is within this account's scope.</summary>
    public bool SeesRollCall(string campusId, string? dorm, string? @class)
    {
        if (!HasCampus(campusId)) return false;
        if (IsSecurity) return true;
        return Role switch
        {
            Roles.Supervisor => dorm is not null && Dorms.Contains(dorm),
            Roles.Teacher => @class is not null && Classes.Contains(@class),
            _ => false,
        };
    }
}
