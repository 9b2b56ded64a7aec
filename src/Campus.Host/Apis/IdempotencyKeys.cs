using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Campus.Host.Storage;

namespace Campus.Host.Apis;

/// <summary>
/// The <c>Idempotency-Key</c> of operator commands. A key belongs to the account that sends it and
/// the command it is sent with (acknowledge, resolve, approve-leave): another account, or the same
/// account with another command, may use the same key for a command of its own. The first request
/// with a key records the SHA-256 of the request (path and body) in <c>idempotency_keys</c>; the
/// same key again with the same request is a retry (its entity answers it as a duplicate), with
/// another request it is refused (422), so a reused key can never make a new command count as an
/// old one.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The longest key.</summary>
    public const int MaxLength = 128;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Why <paramref name="key"/> cannot be a key (null when it can): 1 to 128 characters, none of them a control character.</summary>
    public static string? KeyError(string key) =>
        key.Length is 0 or > MaxLength || key.Any(char.IsControl) ? $"must be 1 to {MaxLength} characters without control characters" : null;

    /// <summary>The de-duplication source of an account's command: <c>operator:{userName}/{command}</c>.</summary>
    public static string Source(string userName, string command) => $"operator:{userName}/{command}";

    /// <summary>What a command asks for: the SHA-256 (hex) of its path and its body as bound.</summary>
    public static string Fingerprint<T>(PathString path, T body) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(path.Value + "\n" + JsonSerializer.Serialize(body, Json))));

    /// <summary>An id (12 lower-case hex digits) that is the same for every request of the account's command with <paramref name="key"/>.</summary>
    public static string Derive(string userName, string command, string key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Source(userName, command) + "\n" + key)))[..12].ToLowerInvariant();

    /// <summary>
    /// Records <paramref name="key"/> for the account's command with the request's fingerprint, or
    /// compares it with the one recorded. True when the key is new or was used for the same
    /// request; false when it was used for another one.
    /// </summary>
    public static async Task<bool> ClaimAsync(HostDatabase database, string userName, string command, string key, string fingerprint,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var insert = HostDatabase.Command(connection, null,
            "INSERT INTO idempotency_keys (account, command, idempotency_key, fingerprint, created_at) VALUES (@account, @command, @key, @fingerprint, @at) " +
            "ON CONFLICT (account, command, idempotency_key) DO NOTHING",
            ("account", userName), ("command", command), ("key", key), ("fingerprint", fingerprint), ("at", at.UtcTicks)))
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1) return true;
        }
        await using var select = HostDatabase.Command(connection, null,
            "SELECT fingerprint FROM idempotency_keys WHERE account = @account AND command = @command AND idempotency_key = @key",
            ("account", userName), ("command", command), ("key", key));
        return await select.ExecuteScalarAsync(cancellationToken) is string recorded && recorded == fingerprint;
    }
}
