using System.Buffers;
using System.Text.Json;

namespace Campus.Host.Ingest;

/// <summary>
/// Reads a device's request body into JSON: the one reader every device endpoint shares (the events
/// API and the adapters). It applies the size limit without trusting Content-Length, refuses a body
/// that is not valid UTF-8 or holds an object with the same key twice (which value would count is a
/// guess: System.Text.Json keeps the last, other parsers the first), and answers a body the
/// connection did not deliver (shorter than its Content-Length, a truncated or malformed chunked
/// body, or one that stalls below Kestrel's minimum data rate) with the client error Kestrel reports,
/// instead of an exception per request.
/// </summary>
internal sealed record IngestBody(JsonDocument? Document, string? Error, bool TooLarge, int? Status = null)
{
    /// <summary>How JSON from devices is parsed: nesting up to 16 levels, every key once per object.</summary>
    public static JsonDocumentOptions JsonOptions { get; } = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static async Task<IngestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return new IngestBody(null, null, TooLarge: true);
        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, (int)(request.ContentLength ?? 16 * 1024)) + 1);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(8192);
                var read = await request.Body.ReadAsync(memory, cancellationToken);
                if (read == 0) break;
                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes) return new IngestBody(null, null, TooLarge: true);
            }
        }
        catch (BadHttpRequestException incomplete)
        {
            // Kestrel's own status: 400 for a body that ended early or a bad chunk, 408 for one that stalled.
            return new IngestBody(null, $"the request body could not be read: {incomplete.Message}", false, incomplete.StatusCode);
        }
        // The JSON reader checks UTF-8 only when a string is read, which would throw later.
        if (!System.Text.Unicode.Utf8.IsValid(buffer.WrittenSpan)) return new IngestBody(null, "the body is not valid UTF-8", false);
        return Parse(buffer.WrittenMemory);
    }

    /// <summary>Parses JSON text with <see cref="JsonOptions"/> (a multipart part, or a body already read).</summary>
    public static IngestBody Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return new IngestBody(JsonDocument.Parse(json, JsonOptions), null, false);
        }
        catch (JsonException ex)
        {
            return new IngestBody(null, Describe(ex), false);
        }
    }

    /// <summary>Parses JSON text with <see cref="JsonOptions"/>.</summary>
    public static IngestBody Parse(string json)
    {
        try
        {
            return new IngestBody(JsonDocument.Parse(json, JsonOptions), null, false);
        }
        catch (JsonException ex)
        {
            return new IngestBody(null, Describe(ex), false);
        }
    }

    /// <summary>Where the JSON broke; a key given twice has no position (the parser reports it after reading the object).</summary>
    private static string Describe(JsonException ex) => ex.LineNumber is { } line
        ? $"malformed JSON at line {line + 1}, byte {ex.BytePositionInLine + 1}"
        : "malformed JSON: " + (ex.Message.Length <= 200 ? ex.Message : ex.Message[..200] + "…");
}
