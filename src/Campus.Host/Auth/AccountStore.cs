using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Campus.Host.Storage;
using Microsoft.AspNetCore.Identity;

namespace Campus.Host.Auth;

/// <summary>How a sign-in attempt ended.</summary>
public enum SignInOutcome
{
    Success,
    Failed,
    LockedOut,
}

/// <summary>How a password sign-in ended; <see cref="LockedUntil"/> when locked out.</summary>
public sealed record SignInResult(SignInOutcome Outcome, Account? Account, DateTimeOffset? LockedUntil = null);

/// <summary>
/// The accounts (hashes only) with their sessions, in one <see cref="SharedDocument"/>:
/// <c>accounts.json</c> in the data folder on the embedded default, a row every node of a cluster
/// shares on PostgreSQL. Every change is a read-modify-write of the newest version under the
/// document's lock, so two nodes changing accounts at once lose neither change; a node hears of
/// another's change and reads the accounts again before its next check, so a session made on one
/// node is valid on all and one ended on any node ends on all.
/// <list type="bullet">
/// <item>Lockout: five failed sign-ins in a row with one user name from one client address lock
/// that name for that address for 15 minutes of the host's clock, whether the account exists or
/// not (the answers do not tell which names exist, and nobody can lock an account for everyone
/// else). Kept in memory of each node: a restart clears them, and in a cluster each node counts
/// its own (a client spreading guesses over N nodes gets N times five).</item>
/// <item>Sessions: each sign-in starts a session of the account (its cookie carries the session id;
/// only its hash is stored). Signing out ends it; creating, replacing or removing the account ends
/// all of them (a replaced account starts with none). <see cref="SessionsEnded"/> tells who holds
/// connections of a session (the hub) to close them, whichever node ended it.</item>
/// </list>
/// </summary>
public sealed class AccountStore
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    /// <summary>How long a session lasts without being used (real time); each use past half of it extends it.</summary>
    public static readonly TimeSpan SessionTime = TimeSpan.FromHours(12);

    /// <summary>The most sessions an account holds at once; a sign-in beyond them ends the oldest.</summary>
    public const int MaxSessions = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly PasswordHasher<Account> _hasher = new();
    private readonly Dictionary<(string UserName, string Address), Failures> _failures = [];
    private readonly SharedDocument _document;
    private readonly Lock _gate = new();
    private Dictionary<string, Account> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _stale = true;

    /// <summary>Failed sign-ins of one user name (upper case) from one address: the count in a row, the last, and the lock.</summary>
    private sealed class Failures
    {
        public int Count;
        public DateTimeOffset Last;
        public DateTimeOffset? LockedUntil;

        /// <summary>Neither locked nor a failure in the last <see cref="LockoutTime"/>: as if there were none.</summary>
        public bool IsOver(DateTimeOffset now) => LockedUntil is { } until ? until <= now : Last + LockoutTime <= now;
    }

    /// <summary>
    /// Raised, outside the store's lock, with the keys (<see cref="SessionKey"/>) of sessions that
    /// ended: signed out, expired, or of an account that was replaced or removed.
    /// </summary>
    public event Action<IReadOnlyList<string>>? SessionsEnded;

    public AccountStore(SharedDocument document)
    {
        _document = document;
        // Another node changed accounts or sessions: read them again now (which closes the hub
        // connections of sessions it ended), or before the next check if the store is unreachable.
        document.Changed += () =>
        {
            _stale = true;
            lock (_gate) Current();
        };
    }

    /// <summary>Accounts kept in memory only (tests).</summary>
    public static AccountStore InMemory() => new(SharedDocument.InMemory());

    /// <summary>The file <paramref name="path"/> (created on the first change): one node.</summary>
    public static AccountStore Load(string path) => new(new FileDocument(path));

    /// <summary>The account with this user name (any case), or null.</summary>
    public Account? Find(string userName)
    {
        lock (_gate) return Current().GetValueOrDefault(userName);
    }

    public IReadOnlyList<Account> All()
    {
        lock (_gate) return [.. Current().Values.OrderBy(a => a.UserName, StringComparer.Ordinal)];
    }

    /// <summary>True when an admin account exists.</summary>
    public bool HasAdmin()
    {
        lock (_gate) return Current().Values.Any(a => a.Role == Roles.Admin);
    }

    /// <summary>
    /// Creates or replaces an operator account with a password (which must pass <see cref="PasswordRules"/>).
    /// A replaced account's sessions end.
    /// </summary>
    public Account SetOperator(string userName, string role, string campusId, string password, IEnumerable<string>? dorms = null, IEnumerable<string>? classes = null)
    {
        if (!Roles.Operators.Contains(role)) throw new ArgumentException($"'{role}' is not an operator role.", nameof(role));
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 64) throw new ArgumentException("A user name is 1-64 characters.", nameof(userName));
        if (PasswordRules.Check(password) is { } problem) throw new ArgumentException("The password " + problem + ".", nameof(password));
        var account = new Account { UserName = userName, Role = role, CampusId = campusId, Dorms = [.. dorms ?? []], Classes = [.. classes ?? []] };
        account.PasswordHash = _hasher.HashPassword(account, password);
        Replace(userName, account);
        return account;
    }

    /// <summary>
    /// Creates or replaces a county account (role <see cref="Roles.County"/>) reading
    /// <paramref name="campuses"/>, with a password (which must pass <see cref="PasswordRules"/>).
    /// It belongs to no one campus (its <see cref="Account.CampusId"/> is empty). A replaced
    /// account's sessions end, so a change of its campuses takes effect at once.
    /// </summary>
    public Account SetCounty(string userName, string password, IEnumerable<string> campuses)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 64) throw new ArgumentException("A user name is 1-64 characters.", nameof(userName));
        if (PasswordRules.Check(password) is { } problem) throw new ArgumentException("The password " + problem + ".", nameof(password));
        var list = campuses.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0 || list.Any(string.IsNullOrEmpty)) throw new ArgumentException("A county account reads at least one campus.", nameof(campuses));
        var account = new Account { UserName = userName, Role = Roles.County, CampusId = "", Campuses = list };
        account.PasswordHash = _hasher.HashPassword(account, password);
        Replace(userName, account);
        return account;
    }

    /// <summary>
    /// Creates or replaces a guardian account; returns its new random access code (shown once,
    /// stored hashed). A replaced account's sessions end.
    /// </summary>
    public string SetGuardian(string userName, string campusId, string guardianId, IEnumerable<string> children)
    {
        var code = "gc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var account = new Account
        {
            UserName = userName, Role = Roles.Guardian, CampusId = campusId, GuardianId = guardianId, Children = [.. children], CodeHash = HashCode(code),
        };
        Replace(userName, account);
        return code;
    }

    /// <summary>Removes an account and ends its sessions; false when there was none.</summary>
    public bool Remove(string userName) => Change(accounts => accounts.Remove(userName));

    private void Replace(string userName, Account account) => Change(accounts =>
    {
        accounts.Remove(userName);
        accounts[userName] = account;
        return true;
    });

    /// <summary>Checks a password without counting a failure (used to keep demo passwords across restarts).</summary>
    public bool PasswordMatches(string userName, string password)
    {
        var account = Find(userName);
        return account?.PasswordHash is { } hash && _hasher.VerifyHashedPassword(account, hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>
    /// Signs in with a password from a client address: counts failures of the user name from that
    /// address, whether the account exists or not, and locks the name for that address after
    /// <see cref="MaxFailures"/> in a row for <see cref="LockoutTime"/>. A success resets the count.
    /// </summary>
    public SignInResult SignIn(string userName, string password, string? address, DateTimeOffset now)
    {
        var key = (userName.ToUpperInvariant(), address ?? "");
        lock (_gate)
        {
            if (_failures.TryGetValue(key, out var failures) && failures.IsOver(now))
            {
                _failures.Remove(key);
                failures = null;
            }
            Current().TryGetValue(userName, out var account);
            if (failures?.LockedUntil is { } lockedUntil) return new SignInResult(SignInOutcome.LockedOut, account, lockedUntil);
            bool verified;
            if (account?.PasswordHash is { } hash) verified = _hasher.VerifyHashedPassword(account, hash, password) != PasswordVerificationResult.Failed;
            else
            {
                // The same work as a real check, so timing does not tell which user names exist.
                _hasher.VerifyHashedPassword(Dummy, DummyHash, password);
                verified = false;
            }
            if (verified)
            {
                _failures.Remove(key);
                return new SignInResult(SignInOutcome.Success, account);
            }
            if (failures is null)
            {
                PruneFailures(now);
                _failures[key] = failures = new Failures();
            }
            failures.Count++;
            failures.Last = now;
            if (failures.Count < MaxFailures) return new SignInResult(SignInOutcome.Failed, account);
            failures.LockedUntil = now + LockoutTime;
            return new SignInResult(SignInOutcome.LockedOut, account, failures.LockedUntil);
        }
    }

    /// <summary>Until when some address is locked out of this user name (the latest), or null.</summary>
    public DateTimeOffset? LockedUntil(string userName, DateTimeOffset now)
    {
        var name = userName.ToUpperInvariant();
        lock (_gate)
        {
            return _failures.Where(f => f.Key.UserName == name && f.Value.LockedUntil > now).Max(f => f.Value.LockedUntil);
        }
    }

    /// <summary>Forgets failures that no longer count (under the lock), so guesses at made-up names do not pile up.</summary>
    private void PruneFailures(DateTimeOffset now)
    {
        if (_failures.Count < 1024) return;
        foreach (var key in _failures.Where(f => f.Value.IsOver(now)).Select(f => f.Key).ToList()) _failures.Remove(key);
    }

    /// <summary>The key of a session in <see cref="SessionsEnded"/>: the SHA-256 (hex) of its id, as stored.</summary>
    public static string SessionKey(string sessionId) => HashCode(sessionId);

    /// <summary>Starts a session of the account; returns its id (random, 256 bits) for the cookie. Null when there is no such account.</summary>
    public string? StartSession(string userName, DateTimeOffset now)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Change(accounts =>
        {
            if (!accounts.TryGetValue(userName, out var account)) return null;
            account.Sessions.RemoveAll(x => x.ExpiresAt <= now);
            while (account.Sessions.Count >= MaxSessions) account.Sessions.Remove(account.Sessions.MinBy(x => x.ExpiresAt)!);
            account.Sessions.Add(new AccountSession { IdHash = SessionKey(id), ExpiresAt = now + SessionTime });
            return id;
        });
    }

    /// <summary>
    /// The account whose session this is, while the session is in force: not signed out, not
    /// expired, and the account neither replaced nor removed since it started. Each use past half
    /// of <see cref="SessionTime"/> extends it (one write; the other uses only read).
    /// </summary>
    public Account? FindSession(string userName, string? sessionId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 128) return null;
        var key = SessionKey(sessionId);
        lock (_gate)
        {
            // A session started on another node a moment ago may not have reached this one yet.
            if (!HasSession(Current(), userName, key) && MayRereadAfterMiss()) _stale = true;
            if (!Current().TryGetValue(userName, out var found) || found.Sessions.Find(x => x.IdHash == key) is not { } seen) return null;
            if (seen.ExpiresAt > now && seen.ExpiresAt - now >= SessionTime / 2) return found;
        }
        // Expired (end it) or past half (extend it): a change, made on the newest accounts.
        return Change(accounts =>
        {
            if (!accounts.TryGetValue(userName, out var account) || account.Sessions.Find(x => x.IdHash == key) is not { } session) return null;
            if (session.ExpiresAt <= now)
            {
                account.Sessions.Remove(session);
                return null;
            }
            session.ExpiresAt = now + SessionTime;
            return account;
        });
    }

    /// <summary>Ends every session past its expiry, so that the connections of a session nobody uses close too.</summary>
    public void EndExpiredSessions(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!Current().Values.Any(a => a.Sessions.Exists(x => x.ExpiresAt <= now))) return;
        }
        Change(accounts =>
        {
            foreach (var account in accounts.Values) account.Sessions.RemoveAll(x => x.ExpiresAt <= now);
            return true;
        });
    }

    /// <summary>Ends one session (signing out); false when it was not in force.</summary>
    public bool EndSession(string userName, string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId)) return false;
        var key = SessionKey(sessionId);
        return Change(accounts => accounts.TryGetValue(userName, out var account) && account.Sessions.RemoveAll(x => x.IdHash == key) > 0);
    }

    /// <summary>The guardian whose access code this is, compared in constant time on the hashes.</summary>
    public Account? SignInWithCode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 256) return null;
        var presented = Convert.FromHexString(HashCode(code));
        lock (_gate)
        {
            // A code issued on another node a moment ago may not have reached this one yet.
            var codeHash = HashCode(code);
            if (!Current().Values.Any(a => a.CodeHash == codeHash) && MayRereadAfterMiss()) _stale = true;
            Account? found = null;
            foreach (var account in Current().Values)
            {
                if (account.CodeHash is null) continue;
                if (CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(account.CodeHash))) found = account;
            }
            return found;
        }
    }

    private static readonly Account Dummy = new() { UserName = "-", Role = Roles.Security, CampusId = "-" };
    private static readonly string DummyHash = new PasswordHasher<Account>().HashPassword(Dummy, "not a password of anyone");

    private static string HashCode(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    /// <summary>
    /// The accounts as last read, read again (under the lock) when another node changed them. When
    /// the store cannot be read then, the accounts last read still count (sign-in keeps working
    /// through a database restart; changes wait for it).
    /// </summary>
    private Dictionary<string, Account> Current()
    {
        if (!_stale) return _accounts;
        try
        {
            _stale = false;
            var ended = Adopt(Parse(_document.Read()));
            // Raised outside the lock the caller holds.
            if (ended.Count > 0) ThreadPool.QueueUserWorkItem(_ => RaiseEnded(ended));
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException)
        {
            _stale = true;
        }
        return _accounts;
    }

    private static bool HasSession(Dictionary<string, Account> accounts, string userName, string key) =>
        accounts.TryGetValue(userName, out var account) && account.Sessions.Exists(x => x.IdHash == key);

    /// <summary>
    /// After a miss, the accounts are read again (at most once a second, under the lock), so that
    /// what another node just wrote counts before its notification arrives, without letting unknown
    /// sessions or codes turn every request into a database read.
    /// </summary>
    private bool MayRereadAfterMiss()
    {
        var now = Environment.TickCount64;
        if (now - _lastMissRead < 1000) return false;
        _lastMissRead = now;
        return true;
    }

    private long _lastMissRead = long.MinValue / 2;

    /// <summary>
    /// Applies <paramref name="change"/> to the newest accounts under the document's lock, stores
    /// them and keeps them; returns what the change returned. Throws when the store is unreachable
    /// (nothing changed then).
    /// </summary>
    private T Change<T>(Func<Dictionary<string, Account>, T> change)
    {
        T result = default!;
        IReadOnlyList<string> ended;
        lock (_gate)
        {
            var text = _document.Update(current =>
            {
                var accounts = Parse(current);
                result = change(accounts);
                return JsonSerializer.Serialize(accounts.Values.OrderBy(a => a.UserName, StringComparer.Ordinal).ToList(), Json);
            });
            ended = Adopt(Parse(text));
        }
        RaiseEnded(ended);
        return result;
    }

    /// <summary>
    /// Keeps <paramref name="accounts"/> (under the lock) and returns the keys of sessions that were
    /// in force and are no more: ended by this node or another, or of an account replaced or removed.
    /// </summary>
    private IReadOnlyList<string> Adopt(Dictionary<string, Account> accounts)
    {
        var now = accounts.Values.SelectMany(a => a.Sessions).Select(x => x.IdHash).ToHashSet(StringComparer.Ordinal);
        var ended = _accounts.Values.SelectMany(a => a.Sessions).Select(x => x.IdHash).Where(k => !now.Contains(k)).ToList();
        _accounts = accounts;
        _stale = false;
        return ended;
    }

    private void RaiseEnded(IReadOnlyList<string> keys)
    {
        if (keys.Count > 0) SessionsEnded?.Invoke(keys);
    }

    private static Dictionary<string, Account> Parse(string? text)
    {
        var accounts = new Dictionary<string, Account>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(text)) return accounts;
        foreach (var account in JsonSerializer.Deserialize<List<Account>>(text, Json) ?? []) accounts[account.UserName] = account;
        return accounts;
    }
}
