using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Campus.Host.Devices;

/// <summary>Which device a key belongs to.</summary>
public sealed record DeviceIdentity(string CampusId, string DeviceId);

/// <summary>
/// The devices' keys, stored only as SHA-256 hashes in <c>device-keys.json</c> in the data folder.
/// A device may hold more than one valid key, so a key can be rotated without downtime: add the
/// new one, move the device over, remove the old one.
/// </summary>
public sealed class DeviceKeys
{
    private readonly ConcurrentDictionary<string, DeviceIdentity> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _hashes = new(StringComparer.Ordinal);
    private readonly string? _path;
    private readonly Lock _gate = new();

    private DeviceKeys(string? path) => _path = path;

    /// <summary>Keys kept in memory only (tests).</summary>
    public static DeviceKeys InMemory() => new(null);

    /// <summary>Loads the key file at <paramref name="path"/> (created on the first change).</summary>
    public static DeviceKeys Load(string path)
    {
        var keys = new DeviceKeys(path);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<List<StoredKey>>(File.ReadAllText(path)) ?? [];
            foreach (var key in stored) keys.Add(key.Hash, new DeviceIdentity(key.CampusId, key.DeviceId));
        }
        return keys;
    }

    /// <summary>The device a presented key belongs to, or null for a missing or unknown key.</summary>
    public DeviceIdentity? Authenticate(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 256) return null;
        // Looked up by the SHA-256 of the presented key: how long the lookup takes says nothing
        // about any stored key, and the store never holds a key itself.
        // The stored hash found is then compared with the presented one in constant time.
        var hash = Hash(presented);
        return _byHash.TryGetValue(hash, out var identity) && _hashes.TryGetValue(hash, out var stored)
            && CryptographicOperations.FixedTimeEquals(stored, Convert.FromHexString(hash)) ? identity : null;
    }

    /// <summary>Creates a new random key for a device (its old keys stay valid until revoked); returns the key, shown once.</summary>
    public string Issue(string campusId, string deviceId)
    {
        var key = "dk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        Add(Hash(key), new DeviceIdentity(campusId, deviceId));
        Save();
        return key;
    }

    /// <summary>Revokes every key of a device except <paramref name="keep"/> (the end of a rotation).</summary>
    public void RevokeAllExcept(string campusId, string deviceId, string? keep)
    {
        var keepHash = keep is null ? null : Hash(keep);
        foreach (var (hash, identity) in _byHash)
        {
            if (identity.CampusId == campusId && identity.DeviceId == deviceId && hash != keepHash)
            {
                _byHash.TryRemove(hash, out _);
                _hashes.TryRemove(hash, out _);
            }
        }
        Save();
    }

    private void Add(string hash, DeviceIdentity identity)
    {
        _hashes[hash] = Convert.FromHexString(hash);
        _byHash[hash] = identity;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private void Save()
    {
        if (_path is null) return;
        lock (_gate)
        {
            var stored = _byHash.Select(p => new StoredKey(p.Value.CampusId, p.Value.DeviceId, p.Key)).OrderBy(k => k.CampusId).ThenBy(k => k.DeviceId).ToList();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
            var temp = _path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(stored, new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temp, _path, overwrite: true);
        }
    }

    private sealed record StoredKey(string CampusId, string DeviceId, string Hash);
}
