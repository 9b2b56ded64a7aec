namespace Campus.County.Generate;

/// <summary>
/// A small deterministic pseudo-random sequence with the constants of <c>ops/demo/make-roster.py</c>
/// (Numerical Recipes), so the county is the same on every machine and every run.
/// </summary>
public sealed class Lcg(uint seed)
{
    private uint _state = seed;

    /// <summary>A number in [0, <paramref name="bound"/>).</summary>
    public int Next(int bound)
    {
        _state = unchecked(_state * 1664525u + 1013904223u);
        return (int)((_state >> 8) % (uint)bound);
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>True with a chance of <paramref name="percent"/> in a hundred.</summary>
    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A value chosen with the given weights.</summary>
    public T Weighted<T>(IReadOnlyList<(T Value, int Weight)> pairs)
    {
        var n = Next(pairs.Sum(p => p.Weight));
        foreach (var (value, weight) in pairs)
        {
            if (n < weight) return value;
            n -= weight;
        }
        return pairs[^1].Value;
    }
}
