namespace Campus.Actors.Alerts;

/// <summary>Whose alert it is besides security's: a dorm's supervisors or a class's teachers.</summary>
public enum AlertScopeKind
{
    Dorm,
    Class,
}

/// <summary>
/// The scope of an alert, one type for the domain, the host and the wire: on the wire and in
/// <see cref="AlertChanged.Scope"/> it is written <c>dorm:{id}</c> or <c>class:{id}</c>; null means
/// campus-wide (security only). Parse it here rather than slicing the text.
/// </summary>
public readonly record struct AlertScope(AlertScopeKind Kind, string Id)
{
    private const string DormPrefix = "dorm:";
    private const string ClassPrefix = "class:";

    /// <summary>The scope of a dorm's alerts (its supervisors).</summary>
    public static AlertScope Dorm(string dormId) => new(AlertScopeKind.Dorm, dormId);

    /// <summary>The scope of a class's alerts (its teachers).</summary>
    public static AlertScope Class(string classId) => new(AlertScopeKind.Class, classId);

    /// <summary>Reads a scope as written on the wire; false for null (campus-wide) or an unknown form.</summary>
    public static bool TryParse(string? text, out AlertScope scope)
    {
        scope = default;
        if (text is null) return false;
        if (text.StartsWith(DormPrefix, StringComparison.Ordinal) && text.Length > DormPrefix.Length)
        {
            scope = Dorm(text[DormPrefix.Length..]);
            return true;
        }
        if (text.StartsWith(ClassPrefix, StringComparison.Ordinal) && text.Length > ClassPrefix.Length)
        {
            scope = Class(text[ClassPrefix.Length..]);
            return true;
        }
        return false;
    }

    /// <summary>The wire form: <c>dorm:{id}</c> or <c>class:{id}</c>.</summary>
    public override string ToString() => (Kind == AlertScopeKind.Dorm ? DormPrefix : ClassPrefix) + Id;
}
