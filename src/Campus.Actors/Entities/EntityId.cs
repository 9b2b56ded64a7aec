namespace Campus.Actors.Entities;

/// <summary>
/// The address of an entity: <c>kind/campus/key</c>, for example <c>student/hj/S1001</c>. It is the
/// entity's persistence id; the campus part is its shard, so every entity of one campus lives in
/// one shard on one node.
/// </summary>
/// <remarks>
/// A class rather than a struct so that the hash is computed once and an id held in state and
/// reused in tells compares by reference first. The parts are bounded (<see cref="MaxKindLength"/>,
/// <see cref="MaxCampusLength"/>, <see cref="MaxKeyLength"/>) so that every id fits the journal's
/// persistence id column: an over-long id from a device fails where it is made, not in the store.
/// </remarks>
public sealed class EntityId : IEquatable<EntityId>
{
    private readonly int _hash;
    private string? _text;

    /// <summary>The longest kind.</summary>
    public const int MaxKindLength = 16;

    /// <summary>The longest campus id.</summary>
    public const int MaxCampusLength = 32;

    /// <summary>The longest key (an alert's key holds a rule, a subject id of up to 128 characters and a window).</summary>
    public const int MaxKeyLength = 200;

    public EntityId(string kind, string campus, string key)
    {
        Validate(kind, nameof(kind), MaxKindLength);
        Validate(campus, nameof(campus), MaxCampusLength);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > MaxKeyLength)
            throw new ArgumentException($"An entity id's key may have at most {MaxKeyLength} characters; it had {key.Length}.", nameof(key));
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
        if (first <= 0 || first > MaxKindLength) return false;
        var second = text.IndexOf('/', first + 1);
        if (second <= first + 1 || second == text.Length - 1 || second - first - 1 > MaxCampusLength || text.Length - second - 1 > MaxKeyLength) return false;
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

    private static void Validate(string part, string name, int maxLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(part, name);
        if (part.Contains('/'))
            throw new ArgumentException($"An entity id's {name} may not contain '/'.", name);
        if (part.Length > maxLength)
            throw new ArgumentException($"An entity id's {name} may have at most {maxLength} characters; it had {part.Length}.", name);
    }
}
