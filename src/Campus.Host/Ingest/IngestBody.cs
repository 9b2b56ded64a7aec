using System.Buffers;
using System.Text.Json;

namespace Campus.Host.Ingest;

/// <summary>Reads a request body into JSON with a size limit, without trusting Content-Length.</summary>
internal sealed record IngestBody(JsonDocument? Document, string? Error, bool TooLarge)
{
    public static async Task<IngestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return new IngestBody(null, null, TooLarge: true);
        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, (int)(request.ContentLength ?? 16 * 1024)) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes) return new IngestBody(null, null, TooLarge: true);
        }
        // The JSON reader checks UTF-8 only when a string is read, which would throw later.
        if (!System.Text.Unicode.Utf8.IsValid(buffer.WrittenSpan)) return new IngestBody(null, "the body is not valid UTF-8", false);
        try
        {
            return new IngestBody(JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 16 }), null, false);
        }
        catch (JsonException ex)
        {
            return new IngestBody(null, $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}", false);
        }
    }
}
