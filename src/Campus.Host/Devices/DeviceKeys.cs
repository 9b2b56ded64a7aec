using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Campus.Host.Storage;

namespace Campus.Host.Devices;

/// <summary>Which device a key belongs to.</summary>
public sealed record DeviceIdentity(string CampusId, string DeviceId);

/// <summary>
/// The devices' keys, stored only as SHA-256 hashes: <c>device-keys.json</c> in the data folder,
/// or a shared document in PostgreSQL that every node of a cluster reads (a key issued on one node
/// is accepted by all; a key revoked on one is refused by all as soon as they hear of the change).
/// A device may hold more than one valid key, so a key can be rotated without downtime: add the
/// new one, move the device over, remove the old one.
/// </summary>
public sealed class DeviceKeys
{
    private readonly SharedDocument _document;
    private volatile Snapshot? _keys;
    private volatile bool _stale = true;
    private long _lastMissRead = long.MinValue / 2;

    /// <summary>The keys as last read: identity and raw hash by hex hash.</summary>
    private sealed record Snapshot(IReadOnlyDictionary<string, (DeviceIdentity Identity, byte[] Hash)> ByHash);

    public DeviceKeys(SharedDocument document)
    {
        _document = document;
        // Another node issued or revoked a key: read the keys again before the next request.
        document.Changed += () => _stale = true;
    }

    /// <summary>Keys kept in memory only (tests).</summary>
    public static DeviceKeys InMemory() => new(SharedDocument.InMemory());

    /// <summary>The key file at <paramref name="path"/> (created on the first change): one node.</summary>
    public static DeviceKeys Load(string path) => new(new FileDocument(path));

    /// <summary>The device a presented key belongs to, or null for a missing or unknown key.</summary>
    public DeviceIdentity? Authenticate(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 256) return null;
        // Looked up by the SHA-256 of the presented key: how long the lookup takes says nothing
        // about any stored key, and the store never holds a key itself.
        // The stored hash found is then compared with the presented one in constant time.
        var hash = Hash(presented);
        // A key issued on another node a moment ago may not have reached this one yet: after a miss
        // the keys are read again, at most once a second (unknown keys do not become database reads).
        if (!Current().ByHash.ContainsKey(hash))
        {
            var now = Environment.TickCount64;
            if (now - Interlocked.Read(ref _lastMissRead) >= 1000)
            {
                Interlocked.Exchange(ref _lastMissRead, now);
                _stale = true;
            }
        }
        return Current().ByHash.TryGetValue(hash, out var stored)
            && CryptographicOperations.FixedTimeEquals(stored.Hash, Convert.FromHexString(hash)) ? stored.Identity : null;
    }

    /// <summary>Creates a new random key for a device (its old keys stay valid until revoked); returns the key, shown once.</summary>
    public string Issue(string campusId, string deviceId)
    {
        var key = "dk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var hash = Hash(key);
        Change(stored => [.. stored, new StoredKey(campusId, deviceId, hash)]);
        return key;
    }

    /// <summary>Revokes every key of a device except <paramref name="keep"/> (the end of a rotation).</summary>
    public void RevokeAllExcept(string campusId, string deviceId, string? keep)
    {
        var keepHash = keep is null ? null : Hash(keep);
        Change(stored => [.. stored.Where(k => k.CampusId != campusId || k.DeviceId != deviceId || k.Hash == keepHash)]);
    }

    /// <summary>
    /// The keys, read again when another node changed them. When the store cannot be read then,
    /// the keys last read still count (a gate keeps working through a database restart).
    /// </summary>
    private Snapshot Current()
    {
        if (!_stale && _keys is { } keys) return keys;
        try
        {
            _stale = false;
            return _keys = Parse(_document.Read());
        }
        catch (Exception ex) when (_keys is not null && ex is System.Data.Common.DbException or IOException)
        {
            _stale = true;
            return _keys;
        }
    }

    /// <summary>Applies <paramref name="change"/> to the newest keys under the document's lock and keeps the result.</summary>
    private void Change(Func<List<StoredKey>, List<StoredKey>> change)
    {
        var text = _document.Update(current =>
        {
            var stored = change(Deserialize(current));
            return JsonSerializer.Serialize(stored.OrderBy(k => k.CampusId, StringComparer.Ordinal).ThenBy(k => k.DeviceId, StringComparer.Ordinal).ToList(),
                new JsonSerializerOptions { WriteIndented = true });
        });
        _keys = Parse(text);
    }

    private static Snapshot Parse(string? text) =>
        new(Deserialize(text).DistinctBy(k => k.Hash).ToDictionary(k => k.Hash, k => (new DeviceIdentity(k.CampusId, k.DeviceId), Convert.FromHexString(k.Hash)), StringComparer.Ordinal));

    private static List<StoredKey> Deserialize(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : JsonSerializer.Deserialize<List<StoredKey>>(text) ?? [];

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private sealed record StoredKey(string CampusId, string DeviceId, string Hash);
}
