namespace Campus.Actors.Runtime;

/// <summary>
/// The address of an entity: <c>kind/campus/key</c>, for example <c>student/hj/S1001</c>.
/// The campus part decides the shard, so every entity of one campus lives in one shard.
/// </summary>
/// <remarks>
/// A class rather than a struct so that the hash is computed once and an id held in state and
/// reused in tells compares by reference first: the in-memory message path stays cheap.
/// </remarks>
public sealed class EntityId : IEquatable<EntityId>
{
    private readonly int _hash;
    private string? _text;

    public EntityId(string kind, string campus, string key)
    {
        Validate(kind, nameof(kind));
        Validate(campus, nameof(campus));
        ArgumentException.ThrowIfNullOrEmpty(key);
        Kind = kind;
        Campus = campus;
        Key = key;
        _hash = HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(kind),
            StringComparer.Ordinal.GetHashCode(campus),
            StringComparer.Ordinal.GetHashCode(key));
    }

    /// <summary>The entity kind, e.g. <c>student</c>; selects the behaviour.</summary>
    public string Kind { get; }

    /// <summary>The campus; selects the shard.</summary>
    public string Campus { get; }

    /// <summary>The key within kind and campus, e.g. a student number. May contain '/'.</summary>
    public string Key { get; }

    /// <summary>Parses <c>kind/campus/key</c>; the key may itself contain '/'.</summary>
    public static EntityId Parse(string text)
    {
        if (!TryParse(text, out var id))
            throw new FormatException($"'{text}' is not an entity id of the form kind/campus/key.");
        return id;
    }

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EntityId? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text)) return false;
        var first = text.IndexOf('/');
        if (first <= 0) return false;
        var second = text.IndexOf('/', first + 1);
        if (second <= first + 1 || second == text.Length - 1) return false;
        id = new EntityId(text[..first], text[(first + 1)..second], text[(second + 1)..]) { _text = text };
        return true;
    }

    public bool Equals(EntityId? other) =>
        ReferenceEquals(this, other) ||
        (other is not null && _hash == other._hash &&
         string.Equals(Key, other.Key, StringComparison.Ordinal) &&
         string.Equals(Campus, other.Campus, StringComparison.Ordinal) &&
         string.Equals(Kind, other.Kind, StringComparison.Ordinal));

    public override bool Equals(object? obj) => obj is EntityId other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => _text ??= string.Concat(Kind, "/", Campus, "/", Key);

    public static bool operator ==(EntityId? left, EntityId? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(EntityId? left, EntityId? right) => !(left == right);

    private static void Validate(string part, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(part, name);
        if (part.Contains('/'))
            throw new ArgumentException($"An entity id's {name} may not contain '/'.", name);
    }
}
