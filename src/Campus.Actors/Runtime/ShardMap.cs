using System.Text;

namespace Campus.Actors.Runtime;

/// <summary>
/// Maps a campus to its shard: a stable hash (FNV-1a over the UTF-8 bytes) modulo a fixed
/// shard count. Stable across processes, machines and .NET versions, unlike
/// <see cref="string.GetHashCode()"/>. The count is set once per deployment, like Akka's
/// number-of-shards: changing it moves campuses between shards.
/// </summary>
public sealed class ShardMap
{
    public ShardMap(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ShardCount = shardCount;
    }

    /// <summary>The fixed number of shards of this deployment.</summary>
    public int ShardCount { get; }

    /// <summary>The shard that owns every entity of <paramref name="campus"/>.</summary>
    public int ShardOf(string campus) => (int)(StableHash(campus) % (uint)ShardCount);

    /// <summary>The shard of an entity: the shard of its campus.</summary>
    public int ShardOf(EntityId id) => ShardOf(id.Campus);

    /// <summary>32-bit FNV-1a over the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint StableHash(string text)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        Span<byte> buffer = text.Length <= 128 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(text.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = Encoding.UTF8.GetBytes(text, buffer);
        var hash = offsetBasis;
        foreach (var b in buffer[..length])
        {
            hash ^= b;
            hash *= prime;
        }
        return hash;
    }
}
