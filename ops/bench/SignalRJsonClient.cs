using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Campus.Bench;

/// <summary>
/// A minimal SignalR client (JSON hub protocol over a WebSocket; the .NET client package is not
/// available here): negotiate, connect, handshake, invoke, and hand every invocation the server
/// sends to <see cref="Received"/> with the timestamp of its arrival. Answers nothing but keeps
/// the connection alive by pinging.
/// </summary>
public sealed class SignalRJsonClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _reader = Task.CompletedTask;
    private Task _pinger = Task.CompletedTask;

    /// <summary>Called on the reader for each invocation: target, the first argument, and the arrival timestamp.</summary>
    public Action<string, JsonElement, long>? Received { get; set; }

    /// <param name="cookie">The Cookie header of a signed-in session (the hub needs one).</param>
    public static async Task<SignalRJsonClient> ConnectAsync(Uri baseAddress, string hubPath, string cookie)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseAddress };
        using var negotiateRequest = new HttpRequestMessage(HttpMethod.Post, $"{hubPath}/negotiate?negotiateVersion=1");
        negotiateRequest.Headers.Add("Cookie", cookie);
        using var negotiate = await http.SendAsync(negotiateRequest);
        negotiate.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync());
        var token = answer.RootElement.GetProperty("connectionToken").GetString();

        var client = new SignalRJsonClient();
        client._socket.Options.SetRequestHeader("Cookie", cookie);
        var ws = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws", Path = hubPath, Query = "id=" + Uri.EscapeDataString(token!) }.Uri;
        await client._socket.ConnectAsync(ws, CancellationToken.None);
        await client.SendRecordAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await client.ReadRecordsAsync(new ArrayBufferWriter<byte>());
        if (handshake.Count == 0 || handshake[0].Contains("\"error\"", StringComparison.Ordinal))
            throw new InvalidOperationException("SignalR handshake failed: " + string.Join(" ", handshake));
        client._reader = Task.Run(client.ReadLoopAsync);
        client._pinger = Task.Run(client.PingLoopAsync);
        return client;
    }

    /// <summary>Invokes a hub method without waiting for its completion (no invocation id).</summary>
    public Task SendAsync(string target, params string[] arguments) =>
        SendRecordAsync(JsonSerializer.Serialize(new { type = 1, target, arguments }));

    private async Task SendRecordAsync(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json + Separator);
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, _stop.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token);
                await SendRecordAsync("{\"type\":6}");
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var records = await ReadRecordsAsync(buffer);
                if (records.Count == 0) return;
                var at = TimeProvider.System.GetTimestamp();
                foreach (var record in records)
                {
                    using var message = JsonDocument.Parse(record);
                    var root = message.RootElement;
                    if (root.GetProperty("type").GetInt32() == 7) return; // close
                    if (root.GetProperty("type").GetInt32() != 1) continue;
                    var arguments = root.GetProperty("arguments");
                    Received?.Invoke(root.GetProperty("target").GetString()!, arguments.GetArrayLength() > 0 ? arguments[0] : default, at);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    /// <summary>Reads one WebSocket message and splits it into records (a message may carry several; a record never spans messages in practice, but the remainder is kept).</summary>
    private async Task<List<string>> ReadRecordsAsync(ArrayBufferWriter<byte> pending)
    {
        var records = new List<string>();
        while (records.Count == 0)
        {
            var memory = pending.GetMemory(16 * 1024);
            var result = await _socket.ReceiveAsync(memory, _stop.Token);
            if (result.MessageType == WebSocketMessageType.Close) return records;
            pending.Advance(result.Count);
            if (!result.EndOfMessage) continue;
            var text = Encoding.UTF8.GetString(pending.WrittenSpan);
            pending.ResetWrittenCount();
            var parts = text.Split(Separator);
            for (var i = 0; i < parts.Length - 1; i++) records.Add(parts[i]);
            if (parts[^1].Length > 0) pending.Write(Encoding.UTF8.GetBytes(parts[^1]));
        }
        return records;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        await Task.WhenAll(_reader, _pinger);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
