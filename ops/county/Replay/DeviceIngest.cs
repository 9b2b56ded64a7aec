using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Campus.Actors.Devices;

namespace Campus.County.Replay;

/// <summary>What the devices' requests came to, counted across all senders.</summary>
public sealed class IngestCounters
{
    private long _requests, _events, _scans, _accepted, _duplicates, _rejected, _busy, _unavailable, _transport;

    public long Requests => Interlocked.Read(ref _requests);
    public long Events => Interlocked.Read(ref _events);
    /// <summary>Access events: a face or card at a gate, dorm door or class-board.</summary>
    public long Scans => Interlocked.Read(ref _scans);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Rejected => Interlocked.Read(ref _rejected);
    /// <summary>429 answers (too much work in flight, or a device over its rate), each retried after its Retry-After.</summary>
    public long Busy => Interlocked.Read(ref _busy);
    /// <summary>503 answers (the journal could not be written in time), each retried.</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);
    /// <summary>Requests that failed on the wire (no answer), each retried.</summary>
    public long TransportErrors => Interlocked.Read(ref _transport);

    public string? FirstRejection { get; private set; }

    internal void Sent(int events, int scans, int accepted, int duplicates, int rejected, string? rejection)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _scans, scans);
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _rejected, rejected);
        if (rejection is not null) FirstRejection ??= rejection;
    }

    internal void Retried(HttpStatusCode? status)
    {
        if (status == HttpStatusCode.TooManyRequests) Interlocked.Increment(ref _busy);
        else if (status == HttpStatusCode.ServiceUnavailable) Interlocked.Increment(ref _unavailable);
        else Interlocked.Increment(ref _transport);
    }
}

/// <summary>
/// Sends device events as a device does: <c>POST /api/v1/events</c>, a JSON array of up to 1,000
/// events of one device with that device's key (docs/api.md). A 429 or 503 is sent again after its
/// <c>Retry-After</c>, a request that got no answer after a second: the same events under the same
/// ids, which the host de-duplicates, so nothing acknowledged is lost and nothing counts twice.
/// </summary>
public sealed class DeviceIngest : IDisposable
{
    public const int MaxBatch = 1000;

    private const int MaxTransportRetries = 30;

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly HttpClient _http;

    public DeviceIngest(int clients)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public IngestCounters Counters { get; } = new();

    /// <summary>Sends one batch of one device's events to <paramref name="node"/>; returns once the node has stored it (202).</summary>
    public async Task SendAsync(Uri node, string key, IReadOnlyList<DeviceReported> batch, CancellationToken cancellationToken)
    {
        var body = Encode(batch);
        var url = new Uri(node, "/api/v1/events");
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(Request(url, key, body), cancellationToken);
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested && attempt < MaxTransportRetries)
            {
                Counters.Retried(null);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }
            using (response)
            {
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    Counters.Retried(response.StatusCode);
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                }
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new ReplayFailure($"{node}: events of {batch[0].DeviceId} answered {(int)response.StatusCode} {text}");
                Receipt(batch, text);
                return;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="node"/> knows <paramref name="key"/>: an empty batch with a valid key
    /// is 400 (nothing to store, nothing stored), with an unknown key 401.
    /// </summary>
    public async Task<bool> KnowsKeyAsync(Uri node, string key, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(Request(new Uri(node, "/api/v1/events"), key, "[]"u8.ToArray()), cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.BadRequest => true,
            HttpStatusCode.Unauthorized => false,
            var other => throw new ReplayFailure($"{node}: probing a device key answered {(int)other}"),
        };
    }

    private void Receipt(IReadOnlyList<DeviceReported> batch, string text)
    {
        using var receipt = JsonDocument.Parse(text);
        var root = receipt.RootElement;
        var rejected = root.GetProperty("rejected");
        var first = rejected.GetArrayLength() > 0 ? $"{batch[0].DeviceId}: {rejected[0]}" : null;
        Counters.Sent(batch.Count, batch.Count(e => e.Type == DeviceEventType.Access), root.GetProperty("accepted").GetInt32(),
            root.GetProperty("duplicates").GetInt32(), rejected.GetArrayLength(), first);
    }

    private static HttpRequestMessage Request(Uri url, string key, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.Add("X-Device-Key", key);
        return request;
    }

    /// <summary>The events as the public contract's JSON array (docs/api.md, "Device ingest").</summary>
    public static byte[] Encode(IReadOnlyList<DeviceReported> batch)
    {
        var buffer = new ArrayBufferWriter<byte>(batch.Count * 160 + 2);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in batch)
            {
                json.WriteStartObject();
                json.WriteString("eventId", e.EventId);
                json.WriteString("deviceId", e.DeviceId);
                json.WriteString("occurredAt", e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture));
                json.WriteString("type", e.Type switch
                {
                    DeviceEventType.Access => "access",
                    DeviceEventType.Zone => "zone",
                    DeviceEventType.Alarm => "alarm",
                    _ => "heartbeat",
                });
                if (e.PersonId is not null) json.WriteString("personId", e.PersonId);
                if (e.Direction is { } direction) json.WriteString("direction", direction == Direction.In ? "in" : "out");
                if (e.ZoneId is not null) json.WriteString("zoneId", e.ZoneId);
                if (e.Count is { } count) json.WriteNumber("count", count);
                if (e.Alarm is { } alarm) json.WriteString("alarm", alarm.ToString().ToLowerInvariant());
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _http.Dispose();
}
