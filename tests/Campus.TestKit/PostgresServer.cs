using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Campus.TestKit;

/// <summary>
/// A throwaway PostgreSQL server for tests and benchmarks: a fresh cluster in a temporary
/// directory on a free loopback port, stopped and deleted on dispose. When the
/// <c>CAMPUS_TEST_POSTGRES</c> environment variable holds a connection string, that server is used
/// instead and nothing is started.
/// </summary>
/// <remarks>
/// <c>initdb</c> and <c>postgres</c> refuse to run as root; when the tests run as root (as in
/// containers) they run as the <c>postgres</c> OS user through <c>runuser</c>, which owns the
/// temporary directory. Each test class isolates itself with <see cref="CreateDatabaseAsync"/> or
/// <see cref="CreateSchemaAsync"/>.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable that points the tests at an existing server.</summary>
    public const string EnvironmentVariable = "CAMPUS_TEST_POSTGRES";

    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string? _binDirectory;
    private readonly bool _runAsServiceUser;
    private readonly NpgsqlDataSource _admin;
    private readonly List<string> _createdDatabases = [];
    private readonly List<string> _createdSchemas = [];
    private readonly Lock _gate = new();
    private int _disposed;

    private readonly string? _startOptions;

    private PostgresServer(string connectionString, string? rootDirectory, string? binDirectory, bool runAsServiceUser, string? startOptions = null)
    {
        _startOptions = startOptions;
        ConnectionString = connectionString;
        RootDirectory = rootDirectory;
        _binDirectory = binDirectory;
        _runAsServiceUser = runAsServiceUser;
        _admin = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The connection string of the server's administrative database (a superuser on a started server).</summary>
    public string ConnectionString { get; }

    /// <summary>The temporary directory holding the cluster, its socket and its log; null for an external server.</summary>
    public string? RootDirectory { get; }

    /// <summary>True when the server came from <see cref="EnvironmentVariable"/> and was not started here.</summary>
    public bool IsExternal => RootDirectory is null;

    private string DataDirectory => Path.Combine(RootDirectory!, "data");

    private string LogFile => Path.Combine(RootDirectory!, "postgres.log");

    /// <summary>
    /// Uses the server named by <see cref="EnvironmentVariable"/>, or starts a new one:
    /// <c>initdb</c>, then <c>pg_ctl start</c> on a free loopback port.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
            return new PostgresServer(external, null, null, runAsServiceUser: false);

        var binDirectory = FindBinDirectory()
            ?? throw new InvalidOperationException(
                $"PostgreSQL binaries (initdb, pg_ctl) were not found in PATH or /usr/lib/postgresql/*/bin; install PostgreSQL or set {EnvironmentVariable}.");
        var runAsServiceUser = Environment.IsPrivilegedProcess || Environment.UserName == "root";

        var root = Directory.CreateTempSubdirectory("campus-pg-").FullName;
        try
        {
            var socketDirectory = Directory.CreateDirectory(Path.Combine(root, "sock")).FullName;
            if (runAsServiceUser)
                await RunAsync("chown", ["-R", $"{ServiceUser}:", root], root, cancellationToken).ConfigureAwait(false);

            var dataDirectory = Path.Combine(root, "data");
            await RunToolAsync(binDirectory, "initdb", runAsServiceUser, root,
                ["-D", dataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "--encoding=UTF8", "--locale=C"],
                cancellationToken).ConfigureAwait(false);

            // The port is free when picked but may be taken before the server binds it: retry on a new one.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var options = string.Create(CultureInfo.InvariantCulture,
                    $"-p {port} -k {socketDirectory} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200");
                try
                {
                    await RunToolAsync(binDirectory, "pg_ctl", runAsServiceUser, root,
                        ["start", "-w", "-t", "60", "-D", dataDirectory, "-l", Path.Combine(root, "postgres.log"), "-o", options],
                        cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    continue;
                }
                catch (InvalidOperationException e)
                {
                    var logFile = Path.Combine(root, "postgres.log");
                    var log = File.Exists(logFile) ? await File.ReadAllTextAsync(logFile, cancellationToken).ConfigureAwait(false) : "";
                    throw new InvalidOperationException($"{e.Message}{Environment.NewLine}Server log:{Environment.NewLine}{log}", e);
                }

                var connectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Database = "postgres",
                    IncludeErrorDetail = true,
                }.ConnectionString;
                return new PostgresServer(connectionString, root, binDirectory, runAsServiceUser, options);
            }
        }
        catch
        {
            await StopAndDeleteAsync(binDirectory, runAsServiceUser, root).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates a fresh, uniquely named database and returns a connection string to it.</summary>
    /// <param name="prefix">The start of the database name, for reading the server's logs; "test" by default.</param>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var name = UniqueName(prefix);
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", cancellationToken).ConfigureAwait(false);
        lock (_gate) _createdDatabases.Add(name);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Creates a fresh, uniquely named schema in the administrative database and returns a
    /// connection string whose search path is that schema: cheaper than a database per store.
    /// </summary>
    /// <param name="prefix">The start of the schema name; "test" by default.</param>
    public async Task<string> CreateSchemaAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var name = UniqueName(prefix);
        await ExecuteAsync($"CREATE SCHEMA \"{name}\"", cancellationToken).ConfigureAwait(false);
        lock (_gate) _createdSchemas.Add(name);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = name }.ConnectionString;
    }

    /// <summary>
    /// Stops a started server (immediate shutdown) and deletes its directory. On an external
    /// server, drops the databases and schemas created here instead.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (IsExternal)
        {
            await DropCreatedObjectsAsync().ConfigureAwait(false);
            await _admin.DisposeAsync().ConfigureAwait(false);
            return;
        }

        await _admin.DisposeAsync().ConfigureAwait(false);
        // Connections pooled by tests would only see errors once the server is gone.
        NpgsqlConnection.ClearAllPools();
        await StopAndDeleteAsync(_binDirectory!, _runAsServiceUser, RootDirectory!).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops a started server at once (<c>pg_ctl stop -m immediate</c>: every connection is cut, as
    /// in a crash), for tests of an outage; <see cref="StartAgainAsync"/> brings it back.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (IsExternal) throw new InvalidOperationException("An external server is not stopped by the tests.");
        await RunToolAsync(_binDirectory!, "pg_ctl", _runAsServiceUser, RootDirectory!,
            ["stop", "-w", "-m", "immediate", "-D", DataDirectory], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a server stopped by <see cref="StopAsync"/> again, on the same port and data (it recovers from its WAL).</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsExternal) throw new InvalidOperationException("An external server is not started by the tests.");
        await RunToolAsync(_binDirectory!, "pg_ctl", _runAsServiceUser, RootDirectory!,
            ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", LogFile, "-o", _startOptions!], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server's log so far, for failure messages; empty for an external server.</summary>
    public string ReadLog()
    {
        if (IsExternal || !File.Exists(LogFile)) return "";
        return File.ReadAllText(LogFile);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DropCreatedObjectsAsync()
    {
        string[] databases, schemas;
        lock (_gate)
        {
            databases = [.. _createdDatabases];
            schemas = [.. _createdSchemas];
        }
        NpgsqlConnection.ClearAllPools();
        foreach (var name in databases)
            await TryExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").ConfigureAwait(false);
        foreach (var name in schemas)
            await TryExecuteAsync($"DROP SCHEMA IF EXISTS \"{name}\" CASCADE").ConfigureAwait(false);
    }

    private async Task TryExecuteAsync(string sql)
    {
        try
        {
            await ExecuteAsync(sql, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // Best effort: an external server outlives the tests and its owner can clean up.
        }
    }

    private static async Task StopAndDeleteAsync(string binDirectory, bool runAsServiceUser, string root)
    {
        var dataDirectory = Path.Combine(root, "data");
        if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunToolAsync(binDirectory, "pg_ctl", runAsServiceUser, root,
                    ["stop", "-w", "-m", "immediate", "-D", dataDirectory], CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already stopped: nothing to do but delete the files.
            }
        }
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string UniqueName(string? prefix)
    {
        var builder = new StringBuilder();
        foreach (var c in (prefix ?? "test").ToLowerInvariant())
        {
            if (builder.Length == 30) break;
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0])) builder.Insert(0, 't');
        return $"{builder}_{Guid.NewGuid():N}";
    }

    /// <summary>A loopback port free at the moment of asking.</summary>
    internal static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The directory of initdb and pg_ctl: PATH first, then the highest /usr/lib/postgresql/N/bin.</summary>
    private static string? FindBinDirectory()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")))
                return directory;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot)) return null;
        return Directory.EnumerateDirectories(debianRoot)
            .Select(d => (Directory: Path.Combine(d, "bin"), Version: Version.TryParse(VersionText(Path.GetFileName(d)), out var v) ? v : null))
            .Where(d => d.Version is not null && File.Exists(Path.Combine(d.Directory, "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Directory)
            .FirstOrDefault();

        static string VersionText(string name) => name.Contains('.', StringComparison.Ordinal) ? name : name + ".0";
    }

    private static Task<string> RunToolAsync(
        string binDirectory, string tool, bool runAsServiceUser, string workingDirectory,
        IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(binDirectory, tool);
        return runAsServiceUser
            ? RunAsync("runuser", ["-u", ServiceUser, "--", executable, .. arguments], workingDirectory, cancellationToken)
            : RunAsync(executable, arguments, workingDirectory, cancellationToken);
    }

    /// <summary>Runs a command to completion; throws <see cref="InvalidOperationException"/> with its output when it fails.</summary>
    private static async Task<string> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(CommandTimeout, TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = await output.ConfigureAwait(false) + await error.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with code {process.ExitCode}:{Environment.NewLine}{text}");
        }
        return text;
    }
}
