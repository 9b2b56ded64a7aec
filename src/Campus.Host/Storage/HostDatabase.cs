using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Campus.Host.Storage;

/// <summary>
/// The host's own tables (read model, projection offsets, notification receipts): a SQLite file
/// beside the journal's, or the PostgreSQL database the journal is in. Versioned migrations from
/// <c>ops/migrations/{provider}/NNNN_description.sql</c> are applied at start-up, each once,
/// recorded in <c>host_migrations</c>; on PostgreSQL under an advisory lock, so nodes starting
/// together apply each once.
/// </summary>
public sealed class HostDatabase : IAsyncDisposable
{
    private const int MigrationLockClass = 0x43414d50; // "CAMP"
    private readonly string _connectionString;
    private readonly Lazy<NpgsqlDataSource>? _postgres;
    private readonly List<PostgresDocument> _documents = [];

    public HostDatabase(CampusStorageOptions options, string contentRoot)
    {
        IsSqlite = options.Store != "postgres";
        if (IsSqlite)
        {
            var path = options.HostFile(contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        }
        else
        {
            // The host's own queries need few connections; a bounded pool leaves the server's to the journal and other nodes.
            var given = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString! };
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString!);
            if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("Max Pool Size")) builder.MaxPoolSize = 10;
            if (!given.ContainsKey("Connection Idle Lifetime")) builder.ConnectionIdleLifetime = 60;
            _connectionString = builder.ConnectionString;
            _postgres = new(() => NpgsqlDataSource.Create(_connectionString));
        }
    }

    /// <summary>The PostgreSQL data source (null on SQLite), for what the nodes of a cluster share: <see cref="SharedDocument"/>, the audit trail, the data-protection keys.</summary>
    public NpgsqlDataSource? Postgres => _postgres?.Value;

    /// <summary>
    /// The document <paramref name="name"/>: the file <paramref name="file"/> on the embedded
    /// default, a row every node shares on PostgreSQL.
    /// </summary>
    public SharedDocument SharedDocument(string name, string file)
    {
        if (Postgres is not { } postgres) return new FileDocument(file);
        var document = new PostgresDocument(postgres, name);
        lock (_documents) _documents.Add(document);
        return document;
    }

    /// <summary>
    /// Stops the shared documents' listeners (each holds a connection) and closes the data source's
    /// connections: a stopped host leaves none open on the server.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        PostgresDocument[] documents;
        lock (_documents) documents = [.. _documents];
        foreach (var document in documents) await document.DisposeAsync();
        if (_postgres is { IsValueCreated: true }) await _postgres.Value.DisposeAsync();
    }

    /// <summary>True for the embedded SQLite file, false for PostgreSQL.</summary>
    public bool IsSqlite { get; }

    /// <summary>The provider's name in <c>ops/migrations/</c>.</summary>
    public string Provider => IsSqlite ? "sqlite" : "postgres";

    /// <summary>Opens a connection (SQLite: WAL, waiting up to 30 s for the write lock).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = IsSqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (IsSqlite)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 30000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }

    /// <summary>A command with named parameters (<c>@name</c>).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Applies the migrations not yet applied, in version order.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var (version, name, sql) in Migrations(Provider))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!IsSqlite)
            {
                await using var lockCommand = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@class, hashtext(coalesce(current_schema(), '')))", ("class", MigrationLockClass));
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var create = Command(connection, transaction,
                "CREATE TABLE IF NOT EXISTS host_migrations (version integer PRIMARY KEY, name text NOT NULL)"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var check = Command(connection, transaction, "SELECT count(*) FROM host_migrations WHERE version = @version", ("version", version)))
            {
                if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                    continue;
                }
            }
            await using (var apply = Command(connection, transaction, sql))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = Command(connection, transaction, "INSERT INTO host_migrations (version, name) VALUES (@version, @name)", ("version", version), ("name", name)))
            {
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The embedded migrations of a provider, in version order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations(string provider)
    {
        var assembly = typeof(HostDatabase).Assembly;
        var prefix = $"migrations.{provider}.";
        var list = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var name = resource[prefix.Length..];
            var underscore = name.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), out var version))
                throw new InvalidOperationException($"Migration '{name}' must be named NNNN_description.sql.");
            list.Add((version, name, Read(assembly, resource)));
        }
        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"Missing embedded migration {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
