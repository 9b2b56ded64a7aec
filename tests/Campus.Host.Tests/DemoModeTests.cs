using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Campus.Host.Tests;

/// <summary>
/// The README's first command, as a user runs it: the host as its own process, its console output
/// read line by line. Demo mode writes demo.json into its working folder, readable by its owner
/// only, and its start-up log says that the passwords it prints are the demo's; outside demo mode
/// no password is ever printed.
/// </summary>
[Collection(nameof(DemoModeTests))]
public sealed class DemoModeTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly string _folder = Directory.CreateTempSubdirectory("campus-demo-mode-").FullName;

    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Campus.Host.dll");

    [Fact]
    public async Task Issue12_demo_mode_writes_demo_json_in_its_working_folder_for_its_owner_only_and_says_the_printed_passwords_are_the_demos()
    {
        await using var host = await RunAsync(_folder, [], until: "#/signin?code=",
            "--Campus:Demo=true", "--Campus:Clock=simulated", "--Campus:Traffic=false",
            $"--Campus:ConnectionString={Path.Combine(_folder, "campus.db")}", $"--Campus:DataFolder={_folder}");

        var demoFile = Path.Combine(_folder, "demo.json");
        Assert.True(File.Exists(demoFile), "demo.json is written in the working folder");
        var accounts = JsonNode.Parse(await File.ReadAllTextAsync(demoFile))!["accounts"]!.AsArray();
        var output = host.Output;
        Assert.Contains(output, l => l.Contains(demoFile, StringComparison.Ordinal));
        var notice = Assert.Single(output, l => l.Contains("Demo mode (Campus:Demo is on)", StringComparison.Ordinal));
        Assert.Contains("Outside demo mode no password is ever printed", notice, StringComparison.Ordinal);
        var firstPassword = output.FindIndex(l => l.Contains("Demo account", StringComparison.Ordinal));
        Assert.True(output.IndexOf(notice) < firstPassword, "the notice comes before the passwords");
        Assert.Contains(output, l => l.Contains((string)accounts[0]!["password"]!, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(demoFile));
    }

    [Fact]
    public async Task Issue12_outside_demo_mode_no_password_or_key_is_printed()
    {
        const string Password = "Not-Printed-7f3a2c9e";
        string[] settings =
        [
            "--Campus:Demo=false", $"--Campus:Manifests:0={Path.Combine(AppContext.BaseDirectory, "demo", "campus.json")}",
            $"--Campus:ConnectionString={Path.Combine(_folder, "campus.db")}", $"--Campus:DataFolder={_folder}",
        ];
        await using (var create = await RunAsync(_folder, new() { ["CAMPUS_ADMIN_PASSWORD"] = Password }, until: "saved in", ["create-admin", "ops-admin", .. settings]))
        {
            Assert.DoesNotContain(create.Output, l => l.Contains(Password, StringComparison.Ordinal));
        }

        await using var host = await RunAsync(_folder, [], until: "Application started", settings);

        var output = string.Join('\n', host.Output);
        Assert.Contains("640 students", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.DoesNotContain("password", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Demo account", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "demo.json")));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by the stopping process; the temporary folder is cleaned by the system.
        }
    }

    /// <summary>Runs the host DLL in <paramref name="folder"/> until a line contains <paramref name="until"/> (then it is killed on dispose).</summary>
    private static async Task<RunningHost> RunAsync(string folder, Dictionary<string, string> environment, string until, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var lines = new ConcurrentQueue<string>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null) return;
            lines.Enqueue(line);
            if (line.Contains(until, StringComparison.Ordinal)) seen.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var running = new RunningHost(process, lines);
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(seen.Task, exited).WaitAsync(StartTimeout);
            // WaitForExitAsync completes after the redirected output is read to its end, so every line is in.
            if (first == exited && !seen.Task.IsCompleted)
                Assert.Fail($"the host exited before printing '{until}':\n{string.Join('\n', lines)}");
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    private sealed class RunningHost(Process process, ConcurrentQueue<string> lines) : IAsyncDisposable
    {
        public List<string> Output => [.. lines];

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}

/// <summary>The host processes of <see cref="DemoModeTests"/> start alone: beside the other hosts on two cores their start-up could outlast its timeouts.</summary>
[CollectionDefinition(nameof(DemoModeTests), DisableParallelization = true)]
public sealed class DemoModeCollection;
