using System.Security.Cryptography;
using System.Text;
using Campus.Actors.Visitors;
using Campus.Host.Storage;

namespace Campus.Host.Visitors;

/// <summary>
/// What the host does with a visitor's identity document: it keeps the last four characters and a
/// keyed hash (HMAC-SHA256) of the whole number, so a watch-list entry matches the same document
/// without anyone being able to read the number back or test guesses offline without the key. The
/// number itself is never stored or logged. The key is made once and kept like the device keys: a
/// file in the data folder, or shared by every node through PostgreSQL.
/// </summary>
public sealed class VisitorIdentity(SharedDocument keyDocument)
{
    private byte[]? _key;

    /// <summary>The shortest and longest document number accepted (letters and digits, after spaces and dashes are dropped).</summary>
    public const int MinDocumentLength = 6;

    public const int MaxDocumentLength = 32;

    /// <summary>The document number as compared: upper-case letters and digits only.</summary>
    public static string NormalizeDocument(string number) =>
        new([.. number.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);

    /// <summary>Why <paramref name="number"/> is not a document number, or null when it is one.</summary>
    public static string? DocumentError(string number)
    {
        if (number.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not (' ' or '-')))
            return "may hold only letters, digits, spaces and dashes";
        var normalized = NormalizeDocument(number);
        return normalized.Length is < MinDocumentLength or > MaxDocumentLength
            ? $"must have {MinDocumentLength} to {MaxDocumentLength} letters and digits"
            : null;
    }

    /// <summary>The last four characters of the (normalised) number: what staff see.</summary>
    public static string Last4(string number) => NormalizeDocument(number)[^4..];

    /// <summary>The keyed hash of the (normalised) number, hex.</summary>
    public string Hash(string number) =>
        Convert.ToHexString(HMACSHA256.HashData(Key(), Encoding.UTF8.GetBytes(NormalizeDocument(number))));

    /// <summary>
    /// A new visit code (<see cref="VisitCodes"/>): random, or, for a request with an idempotency
    /// key, derived from the account, the key and the secret key, so a retried registration names the
    /// same visit and a code still cannot be worked out from a guessable idempotency key.
    /// </summary>
    public string NewCode(string? derivedFrom = null)
    {
        if (derivedFrom is null) return RandomNumberGenerator.GetString(VisitCodes.Alphabet, VisitCodes.Length);
        var bytes = HMACSHA256.HashData(Key(), Encoding.UTF8.GetBytes("visit-code\n" + derivedFrom));
        return VisitCodes.FromBytes(bytes);
    }

    private byte[] Key()
    {
        if (_key is { } key) return key;
        var text = keyDocument.Read() ?? keyDocument.Update(existing => existing ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return _key = Convert.FromBase64String(text.Trim());
    }
}
