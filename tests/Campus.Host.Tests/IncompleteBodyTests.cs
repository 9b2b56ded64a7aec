using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Campus.Host.Tests;

/// <summary>
/// Bodies the connection does not deliver, on the real server (Kestrel, over TCP): shorter than
/// their Content-Length, a chunked body cut short or with a bad chunk size, a body that stalls.
/// Each device endpoint answers a client error at once (a stall once Kestrel's minimum data rate
/// gives up) and logs no error.
/// </summary>
public sealed class IncompleteBodyTests : IAsyncLifetime
{
    private const string Gate = "gate-north-reader";
    private readonly CampusHostFactory _host = new();
    private readonly LogCapture _logs = new();
    private WebApplicationFactory<Program> _kestrel = null!;
    private Uri _address = null!;
    private string _key = null!;

    public Task InitializeAsync()
    {
        _kestrel = _host.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(_logs)));
        _kestrel.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            // Kestrel's default gives a stalled body 5 s; 2 s keeps the test short.
            o.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(2));
        });
        _kestrel.StartServer();
        _address = new Uri(_kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var demo = JsonNode.Parse(File.ReadAllText(Path.Combine(_host.Folder, "demo.json")))!;
        _key = demo["devices"]!.AsArray().Single(d => (string?)d!["id"] == Gate)!["key"]!.GetValue<string>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _kestrel.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static readonly string Event =
        $$"""{"eventId":"cut-1","deviceId":"{{Gate}}","occurredAt":"2026-11-25T10:00:00+08:00","type":"heartbeat"}""";

    [Fact]
    public async Task Issue13_a_bad_chunk_size_is_a_bad_request_and_logs_no_error()
    {
        foreach (var path in Paths)
        {
            var status = await SendAsync(path, "Transfer-Encoding: chunked", $"zz\r\n{Event}\r\n0\r\n\r\n", endWrites: false);

            Assert.True(status == 400, $"{path}: {status}");
        }
        Assert.Empty(_logs.Errors());
    }

    [Fact]
    public async Task Issue13_a_body_that_stops_short_of_its_length_is_a_request_timeout_and_logs_no_error()
    {
        var half = Event[..(Event.Length / 2)];
        var sends = Paths.SelectMany(path => new[]
        {
            (Path: path, Framing: $"Content-Length: {Event.Length}", Body: half), // shorter than its Content-Length
            (Path: path, Framing: "Transfer-Encoding: chunked", Body: $"{Event.Length:x}\r\n{half}"), // a chunk cut short
        }).ToList();

        // The rest never comes: once Kestrel's minimum data rate gives up, the answer is 408.
        var statuses = await Task.WhenAll(sends.Select(s => SendAsync(s.Path, s.Framing, s.Body, endWrites: false)));

        for (var i = 0; i < sends.Count; i++)
            Assert.True(statuses[i] == 408, $"{sends[i].Path} with {sends[i].Framing}: {statuses[i]}");
        Assert.Empty(_logs.Errors());
    }

    [Fact]
    public async Task A_connection_closed_in_the_middle_of_a_body_logs_no_error()
    {
        foreach (var path in Paths)
            await SendAsync(path, $"Content-Length: {Event.Length}", Event[..10], endWrites: true);

        // Nobody is left to answer; the host notes the bad request and goes on.
        using var client = new HttpClient { BaseAddress = _address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Empty(_logs.Errors());
    }

    private static readonly string[] Paths = ["/api/v1/events", "/api/v1/adapters/hikvision"];

    /// <summary>Sends a POST with the gate's key, the given framing header and body; returns the answer's status code, or null when the connection closed without one.</summary>
    private async Task<int?> SendAsync(string path, string framing, string body, bool endWrites)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(_address.Host, _address.Port, deadline.Token);
        var stream = client.GetStream();
        var request = $"POST {path} HTTP/1.1\r\nHost: {_address.Authority}\r\nX-Device-Key: {_key}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), deadline.Token);
        if (endWrites) client.Client.Shutdown(SocketShutdown.Send);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        while (!answer.ToString().Contains("\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, deadline.Token);
            if (read == 0) break;
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        if (answer.Length == 0) return null;
        var statusLine = answer.ToString().Split("\r\n")[0];
        Assert.StartsWith("HTTP/1.1 ", statusLine, StringComparison.Ordinal);
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The host's log entries (besides Serilog), to see what was logged as an error.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

        /// <summary>Errors logged for requests: by ASP.NET Core (an unhandled exception) or the request log (a 5xx answer).</summary>
        public IReadOnlyList<string> Errors() =>
            [.. _entries.Where(e => e.Level >= LogLevel.Error && (e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || e.Category == "Campus.Host.Requests"))
                .Select(e => $"{e.Category}: {e.Message}")];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name)));
            }
        }
    }
}
