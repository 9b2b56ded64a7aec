using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Campus.TestKit;

/// <summary>
/// The real host (<c>dotnet Campus.Host.dll</c>) as its own process on a free loopback port, in
/// Production, its files in a folder the caller owns: for tests that kill it (SIGKILL) and start
/// it again on the same files, and for benchmarks that must not share a process with the host.
/// Readiness is the host's own "Application started" log line; the port is read from "Now
/// listening on".
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;

    private HostProcess(Process process, Uri baseAddress, string folder, ConcurrentQueue<string> log, string demoFile)
    {
        DemoFile = demoFile;
        _process = process;
        BaseAddress = baseAddress;
        Folder = folder;
        _log = log;
    }

    /// <summary>The process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The first and last lines the host wrote (for failure messages).</summary>
    public string Log => string.Join("\n", _log);

    /// <summary>The process's resident memory (VmRSS from /proc, Linux), or null elsewhere.</summary>
    public long? ResidentBytes
    {
        get
        {
            var status = $"/proc/{_process.Id}/status";
            if (!File.Exists(status)) return null;
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
    }

    public Uri BaseAddress { get; }

    /// <summary>The host's working folder (its content root).</summary>
    public string Folder { get; }

    /// <summary>The demo file (<c>Campus:DemoFile</c>): demo.json in the folder unless given.</summary>
    public string DemoFile { get; }

    /// <summary>The demo file's content: device keys, accounts and sample students of the demo campus.</summary>
    public JsonObject Demo => JsonNode.Parse(File.ReadAllText(DemoFile))!.AsObject();

    /// <summary>
    /// Starts <paramref name="hostDll"/> in <paramref name="folder"/> (with the host's appsettings.json
    /// copied there) and the settings given as <c>Key=Value</c>; completes once it serves requests.
    /// </summary>
    public static async Task<HostProcess> StartAsync(string hostDll, string folder, IEnumerable<string> settings, string? demoFile = null)
    {
        var appSettings = Path.Combine(Path.GetDirectoryName(hostDll)!, "appsettings.json");
        if (File.Exists(appSettings)) File.Copy(appSettings, Path.Combine(folder, "appsettings.json"), overwrite: true);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
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
            // The first lines (start-up) and the newest: enough to explain a failure.
            while (log.Count > 1000 && log.TryDequeue(out _)) { }
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
            await started.Task.WaitAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the host did not start in 120 s:\n" + string.Join("\n", log));
        }
        return new HostProcess(process, await listening.Task.ConfigureAwait(false), folder, log, demoFile ?? Path.Combine(folder, "demo.json"));
    }

    /// <summary>
    /// Asks the host to stop (SIGTERM, as systemd or a container runtime does) and waits for it to
    /// exit: a graceful stop, which leaves the cluster and hands its campuses over first.
    /// </summary>
    public async Task StopAsync(TimeSpan? within = null)
    {
        if (_process.HasExited) return;
        if (Kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed");
        try
        {
            await _process.WaitForExitAsync().WaitAsync(within ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await KillAsync().ConfigureAwait(false);
            throw new TimeoutException("the host did not stop within its grace time after SIGTERM:\n" + Log);
        }
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Kills the process at once (SIGKILL): no graceful stop, no last checkpoint.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>A client with its own cookies, signed in as the demo account of <paramref name="role"/>.</summary>
    public async Task<HttpClient> SignedInClientAsync(string role)
    {
        var account = Demo["accounts"]!.AsArray().Single(a => (string?)a!["role"] == role)!;
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        using var signIn = await client.PostAsJsonAsync("/api/v1/auth/signin", new { userName = (string)account["userName"]!, password = (string)account["password"]! }).ConfigureAwait(false);
        if (!signIn.IsSuccessStatusCode) throw new InvalidOperationException($"signing in as {role}: {signIn.StatusCode}");
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
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
