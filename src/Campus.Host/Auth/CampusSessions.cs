using System.Security.Claims;

namespace Campus.Host.Auth;

/// <summary>
/// The one session check the API and the hub share. Signing in starts a session of the account in
/// <see cref="AccountStore"/> and puts its id in the cookie's claims; every request's cookie
/// (<see cref="AuthSetup"/>) and every hub connection (<c>CampusHub</c>) is then
/// <see cref="IsCurrent">checked</see> against the store: the session must not be signed out or
/// expired, and the account not replaced (a change of scope or password) or removed since. Sessions
/// run on real time (the clock given), whatever the simulated clock does; once a minute the expired
/// ones are ended, which closes their hub connections.
/// </summary>
public sealed class CampusSessions : IDisposable
{
    /// <summary>How often expired sessions are ended.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly AccountStore _accounts;
    private readonly TimeProvider _clock;
    private readonly ITimer _sweep;

    public CampusSessions(AccountStore accounts, TimeProvider clock, ILogger<CampusSessions> logger)
    {
        _accounts = accounts;
        _clock = clock;
        _sweep = clock.CreateTimer(_ =>
        {
            try
            {
                accounts.EndExpiredSessions(clock.GetUtcNow());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not save the accounts after ending expired sessions; trying again in {Interval}", SweepInterval);
            }
        }, null, SweepInterval, SweepInterval);
    }

    /// <summary>Starts a session of <paramref name="account"/>: the principal to sign in with (null when the account is gone).</summary>
    public ClaimsPrincipal? Start(Account account, string scheme) =>
        _accounts.StartSession(account.UserName, _clock.GetUtcNow()) is { } sessionId ? CampusUser.Principal(account, scheme, sessionId) : null;

    /// <summary>The principal's session is in force and its account is the one it signed in as.</summary>
    public bool IsCurrent(ClaimsPrincipal principal)
    {
        if (CampusUser.From(principal) is not { } user) return false;
        var account = _accounts.FindSession(user.UserName, user.SessionId, _clock.GetUtcNow());
        return account is not null && account.Role == user.Role && account.CampusId == user.CampusId
            && (account.Role != Roles.County || account.Campuses.SequenceEqual(user.Campuses, StringComparer.Ordinal));
    }

    /// <summary>Ends the principal's session (signing out), wherever its cookie was copied to.</summary>
    public void End(ClaimsPrincipal principal)
    {
        if (CampusUser.From(principal) is { } user) _accounts.EndSession(user.UserName, user.SessionId);
    }

    /// <summary>The key of the principal's session, as <see cref="AccountStore.SessionsEnded"/> names it; null without one.</summary>
    public static string? KeyOf(ClaimsPrincipal principal) =>
        CampusUser.From(principal)?.SessionId is { } sessionId ? AccountStore.SessionKey(sessionId) : null;

    public void Dispose() => _sweep.Dispose();
}
