namespace Campus.Host.Auth;

/// <summary>
/// Operator passwords: at least 12 characters, and not all of one class (lower-case letters,
/// upper-case letters, digits, anything else): "correcthorsebattery" is refused, "correct horse battery" is not.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 12;

    /// <summary>Why the password is refused, or null when it is good enough.</summary>
    public static string? Check(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength) return $"must be at least {MinLength} characters";
        if (password.Length > 512) return "must be at most 512 characters";
        var classes = 0;
        if (password.Any(char.IsLower)) classes++;
        if (password.Any(char.IsUpper)) classes++;
        if (password.Any(char.IsDigit)) classes++;
        if (password.Any(c => !char.IsLetterOrDigit(c))) classes++;
        return classes < 2 ? "must mix at least two kinds of character (lower-case, upper-case, digits, others)" : null;
    }
}
