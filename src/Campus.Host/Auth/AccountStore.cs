using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace Campus.Host.Auth;

/// <summary>How a sign-in attempt ended.</summary>
public enum SignInOutcome
{
    Success,
    Failed,
    LockedOut,
}

/// <summary>
/// The accounts in <c>accounts.json</c> in the data folder (hashes only), written atomically
/// (a temporary file moved over the old one) after every change. One node only: a multi-node
/// deployment would keep them in PostgreSQL. Five failed sign-ins in a row lock an account for
/// 15 minutes of the host's clock.
/// </summary>
public sealed class AccountStore
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly PasswordHasher<Account> _hasher = new();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _path;
    private readonly Lock _gate = new();

    private AccountStore(string? path) => _path = path;

    /// <summary>Accounts kept in memory only (tests).</summary>
    public static AccountStore InMemory() => new(null);

    /// <summary>Loads <paramref name="path"/> (created on the first change).</summary>
    public static AccountStore Load(string path)
    {
        var store = new AccountStore(path);
        if (File.Exists(path))
        {
            foreach (var account in JsonSerializer.Deserialize<List<Account>>(File.ReadAllText(path), Json) ?? [])
                store._accounts[account.UserName] = account;
        }
        return store;
    }

    /// <summary>The account with this user name (any case), or null.</summary>
    public Account? Find(string userName)
    {
        lock (_gate) return _accounts.GetValueOrDefault(userName);
    }

    public IReadOnlyList<Account> All()
    {
        lock (_gate) return [.. _accounts.Values.OrderBy(a => a.UserName, StringComparer.Ordinal)];
    }

    /// <summary>True when an admin account exists.</summary>
    public bool HasAdmin()
    {
        lock (_gate) return _accounts.Values.Any(a => a.Role == Roles.Admin);
    }

    /// <summary>Creates or replaces an operator account with a password (which must pass <see cref="PasswordRules"/>).</summary>
    public Account SetOperator(string userName, string role, string campusId, string password, IEnumerable<string>? dorms = null, IEnumerable<string>? classes = null)
    {
        if (!Roles.Operators.Contains(role)) throw new ArgumentException($"'{role}' is not an operator role.", nameof(role));
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 64) throw new ArgumentException("A user name is 1-64 characters.", nameof(userName));
        if (PasswordRules.Check(password) is { } problem) throw new ArgumentException("The password " + problem + ".", nameof(password));
        var account = new Account { UserName = userName, Role = role, CampusId = campusId, Dorms = [.. dorms ?? []], Classes = [.. classes ?? []] };
        account.PasswordHash = _hasher.HashPassword(account, password);
        lock (_gate)
        {
            _accounts[userName] = account;
            Save();
        }
        return account;
    }

    /// <summary>Creates or replaces a guardian account; returns its new random access code (shown once, stored hashed).</summary>
    public string SetGuardian(string userName, string campusId, string guardianId, IEnumerable<string> children)
    {
        var code = "gc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var account = new Account
        {
            UserName = userName, Role = Roles.Guardian, CampusId = campusId, GuardianId = guardianId, Children = [.. children], CodeHash = HashCode(code),
        };
        lock (_gate)
        {
            _accounts[userName] = account;
            Save();
        }
        return code;
    }

    /// <summary>Removes an account; false when there was none.</summary>
    public bool Remove(string userName)
    {
        lock (_gate)
        {
            if (!_accounts.Remove(userName)) return false;
            Save();
            return true;
        }
    }

    /// <summary>Checks a password without counting a failure (used to keep demo passwords across restarts).</summary>
    public bool PasswordMatches(string userName, string password)
    {
        var account = Find(userName);
        return account?.PasswordHash is { } hash && _hasher.VerifyHashedPassword(account, hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Signs in with a password: counts failures, locks after <see cref="MaxFailures"/> for <see cref="LockoutTime"/>.</summary>
    public (SignInOutcome Outcome, Account? Account) SignIn(string userName, string password, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(userName, out var account) || account.PasswordHash is null)
            {
                // The same work as a real check, so timing does not tell which user names exist.
                _hasher.VerifyHashedPassword(Dummy, DummyHash, password);
                return (SignInOutcome.Failed, null);
            }
            if (account.LockedUntil is { } until && until > now) return (SignInOutcome.LockedOut, account);
            if (_hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
            {
                account.FailedSignIns++;
                if (account.FailedSignIns >= MaxFailures)
                {
                    account.LockedUntil = now + LockoutTime;
                    account.FailedSignIns = 0;
                }
                Save();
                return (account.LockedUntil > now ? SignInOutcome.LockedOut : SignInOutcome.Failed, account);
            }
            if (account.FailedSignIns != 0 || account.LockedUntil is not null)
            {
                account.FailedSignIns = 0;
                account.LockedUntil = null;
                Save();
            }
            return (SignInOutcome.Success, account);
        }
    }

    /// <summary>The guardian whose access code this is, compared in constant time on the hashes.</summary>
    public Account? SignInWithCode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 256) return null;
        var presented = Convert.FromHexString(HashCode(code));
        lock (_gate)
        {
            Account? found = null;
            foreach (var account in _accounts.Values)
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

    private void Save()
    {
        if (_path is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        var temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_accounts.Values.OrderBy(a => a.UserName, StringComparer.Ordinal).ToList(), Json));
        File.Move(temp, _path, overwrite: true);
    }
}
