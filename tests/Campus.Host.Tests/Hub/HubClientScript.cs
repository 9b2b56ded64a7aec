using System.Diagnostics;
using System.Text;

namespace Campus.Host.Tests.Hub;

/// <summary>
/// Runs the node scripts in <c>tests/Campus.Host.Tests/hub-client</c> (the real <c>@microsoft/signalr</c>
/// client). Installs its packages with <c>npm ci</c> the first time, or when package-lock.json is newer
/// than the installed tree, once per process however many tests ask at the same time.
/// </summary>
public static class HubClientScript
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>The hub-client folder, found from the test binaries up to the test project.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>Runs <c>node script args</c> in the hub-client folder; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<ScriptResult> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        await EnsureInstalledAsync();
        return await RunProcessAsync("node", [script, .. arguments], timeout);
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var installed = Path.Combine(Folder, "node_modules", ".package-lock.json");
            var wanted = Path.Combine(Folder, "package-lock.json");
            if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(wanted)) return;
            var npm = await RunProcessAsync(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (npm.ExitCode != 0)
                throw new InvalidOperationException($"npm ci failed in {Folder} with exit code {npm.ExitCode}:\n{npm.StandardError}\n{npm.StandardOutput}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<ScriptResult> RunProcessAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.\nstdout:\n{output}\nstderr:\n{errors}");
        }
        await process.WaitForExitAsync(); // drains the redirected streams
        return new ScriptResult(process.ExitCode, output.ToString(), errors.ToString());
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(directory.FullName, "hub-client"), Path.Combine(directory.FullName, "tests", "Campus.Host.Tests", "hub-client") })
            {
                if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
            }
        }
        throw new DirectoryNotFoundException($"No hub-client/package.json above {AppContext.BaseDirectory}.");
    }
}

/// <summary>How a script ended and what it printed.</summary>
public sealed record ScriptResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
