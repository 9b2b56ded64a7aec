using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Campus.Host.Tests;

/// <summary>
/// The real host as its own process (<c>dotnet Campus.Host.dll</c> from this test's output) on a
/// free loopback port, its files in a folder of the test's: for tests that kill it (SIGKILL) and
/// start it again on the same files. Readiness is the host's own "Application started" log line.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;

    private HostProcess(Process process, ConcurrentQueue<string> log, Uri baseAddress, string folder)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        Folder = folder;
    }

    public Uri BaseAddress { get; }

    public string Folder { get; }

    /// <summary>The demo.json the host wrote (Campus:DemoFile must point into the folder as demo.json).</summary>
    public JsonObject Demo => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "demo.json")))!.AsObject();

    /// <summary>Starts the host in <paramref name="folder"/> with these settings (<c>Key=Value</c>), in Production.</summary>
    public static async Task<HostProcess> StartAsync(string folder, params string[] settings)
    {
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "appsettings.json"))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Campus.Host.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var setting in settings) start.ArgumentList.Add("--" + setting);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var log = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null) return;
            log.Enqueue(line);
            const string Listening = "Now listening on: ";
            if (line.IndexOf(Listening, StringComparison.Ordinal) is var at and >= 0) listening.TrySetResult(new Uri(line[(at + Listening.Length)..].Trim()));
            if (line.Contains("Application started", StringComparison.Ordinal)) started.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException("the host exited at start-up:\n" + string.Join("\n", log)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the host did not start in 90 s:\n" + string.Join("\n", log));
        }
        return new HostProcess(process, log, await listening.Task, folder);
    }

    /// <summary>Kills the process at once (SIGKILL): no graceful stop, no last checkpoint.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>A client with its own cookies, signed in as the demo account of <paramref name="role"/>.</summary>
    public async Task<HttpClient> SignedInClientAsync(string role)
    {
        var account = Demo["accounts"]!.AsArray().Single(a => (string?)a!["role"] == role)!;
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        using var signIn = await client.PostAsJsonAsync("/api/v1/auth/signin", new { userName = (string)account["userName"]!, password = (string)account["password"]! });
        Assert.True(signIn.IsSuccessStatusCode, $"signing in as {role}: {signIn.StatusCode}");
        return client;
    }

    /// <summary>A client that sends the key of demo device <paramref name="deviceId"/>.</summary>
    public HttpClient DeviceClient(string deviceId)
    {
        var device = Demo["devices"]!.AsArray().Single(d => (string?)d!["id"] == deviceId)!;
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Device-Key", (string)device["key"]!);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
