using System.Collections.Concurrent;
using System.Diagnostics;
using Campus.Host.Logging;
using Microsoft.Extensions.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace Campus.Host.Tests;

/// <summary>What an admin running the host as a service meets: settings files found from any working folder, and logs that a partial Serilog setting does not silence.</summary>
public sealed class SettingsAndLoggingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("campus-host-cwd-").FullName;

    [Fact]
    public void Issue13_a_serilog_setting_that_names_no_sink_keeps_the_default_sink()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(["--Serilog:MinimumLevel:Override:Akka=Warning"])
            .Build();
        var sink = new CollectingSink();

        using (var logger = LoggingExtensions.Configure(configuration, sinks => sinks.Sink(sink)).CreateLogger())
        {
            logger.Information("started");
            logger.ForContext(Constants.SourceContextPropertyName, "Akka.Remote.Transport").Information("chatter");
            logger.ForContext(Constants.SourceContextPropertyName, "Akka.Remote.Transport").Warning("trouble");
        }

        Assert.Equal(["started", "trouble"], sink.Messages);
    }

    [Fact]
    public void A_serilog_section_that_names_sinks_replaces_the_default_sink()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Serilog:WriteTo:0:Name"] = "File", ["Serilog:WriteTo:0:Args:path"] = Path.Combine(_folder, "campus.log") })
            .Build();
        var sink = new CollectingSink();

        using (var logger = LoggingExtensions.Configure(configuration, sinks => sinks.Sink(sink)).CreateLogger())
        {
            logger.Information("to the file");
        }

        Assert.Empty(sink.Messages);
        Assert.Contains("to the file", File.ReadAllText(Path.Combine(_folder, "campus.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue13_the_settings_beside_the_binary_are_read_when_the_host_starts_from_another_folder()
    {
        // The working folder (the content root) holds no settings file; the test's output folder,
        // where Campus.Host.dll is, holds the host's appsettings.Development.json, which turns the demo on.
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Campus.Host.dll"), "--urls", "http://127.0.0.1:0", "--Campus:Traffic=false" })
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var log = new ConcurrentQueue<string>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null) return;
            log.Enqueue(line);
            if (line.Contains("Application started", StringComparison.Ordinal)) started.TrySetResult();
        }
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException("the host exited:\n" + string.Join("\n", log)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(120));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.True(File.Exists(Path.Combine(_folder, "demo.json")), "no demo.json: the demo (appsettings.Development.json beside the binary) did not run\n" + string.Join("\n", log));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the system cleans temporary folders.
        }
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyList<string> Messages => [.. _messages];

        public void Emit(LogEvent logEvent) => _messages.Enqueue(logEvent.MessageTemplate.Text);
    }
}
