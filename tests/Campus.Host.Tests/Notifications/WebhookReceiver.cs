using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Campus.Host.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Campus.Host.Tests.Notifications;

/// <summary>One request the gateway received.</summary>
public sealed record ReceivedRequest(string DeliveryId, long Timestamp, string Signature, string Body, bool SignatureValid, int Status)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>
/// A real SMS/WeChat gateway stand-in: Kestrel on 127.0.0.1 with a free port. It verifies each
/// request's signature the way docs/api.md tells a gateway to, records every request, and answers
/// what <see cref="Answer"/> says (200 by default). It de-duplicates by X-Campus-Delivery as a
/// gateway must: <see cref="Delivered"/> holds each delivery id it accepted, once.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "test-secret-\u5317\u95e8";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _delivered = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Decides the answer to a request: its delivery id and how many requests of that id came before (0 for the first).</summary>
    public Func<string, int, Task<int>> Answer { get; set; } = (_, _) => Task.FromResult(200);

    /// <summary>The webhook URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Every request, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    private int _repeats;

    /// <summary>Requests answered 2xx for a delivery id already accepted, and dropped.</summary>
    public int DroppedRepeats => Volatile.Read(ref _repeats);

    /// <summary>Delivery ids accepted (answered 2xx), each once.</summary>
    public IReadOnlyDictionary<string, int> Delivered => _delivered;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        app.MapPost("/gateway", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var id = context.Request.Headers["X-Campus-Delivery"].ToString();
            var timestampText = context.Request.Headers["X-Campus-Timestamp"].ToString();
            var signature = context.Request.Headers["X-Campus-Signature"].ToString();
            var timestamp = long.TryParse(timestampText, out var t) ? t : -1;
            var valid = timestamp >= 0 && Verify(Secret, timestampText, body, signature);
            var before = seen.AddOrUpdate(id, 0, (_, n) => n + 1);
            var status = valid ? await receiver.Answer(id, before) : 401;
            receiver._requests.Enqueue(new ReceivedRequest(id, timestamp, signature, body, valid, status));
            // A gateway drops a delivery id it already accepted (the crash window between its 200 and the host's receipt).
            if (status is >= 200 and < 300 && !receiver._delivered.TryAdd(id, 1)) Interlocked.Increment(ref receiver._repeats);
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/gateway");
        return receiver;
    }

    /// <summary>What docs/api.md asks of a gateway: HMAC-SHA256 over "{timestamp}.{body}" with the shared secret, compared in constant time.</summary>
    public static bool Verify(string secret, string timestamp, string body, string signature)
    {
        var expected = System.Text.Encoding.ASCII.GetBytes(WebhookChannel.Sign(secret, long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), body));
        // Computed independently of the host's helper as well, so a wrong helper cannot verify itself.
        var mac = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(timestamp + "." + body));
        var independent = System.Text.Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(mac));
        var given = System.Text.Encoding.ASCII.GetBytes(signature);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(independent, given)
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
