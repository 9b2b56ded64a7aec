using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using Microsoft.Data.Sqlite;

namespace Campus.Actors.Hosting;

/// <summary>Where the entities' journal and snapshots live.</summary>
/// <param name="Provider"><c>sqlite</c> (embedded, one file) or <c>postgres</c>.</param>
/// <param name="ConnectionString">For sqlite the database file's path; for postgres an Npgsql connection string.</param>
public sealed record CampusStore(string Provider, string ConnectionString)
{
    public bool IsSqlite => Provider == "sqlite";

    /// <summary>
    /// The connection string Akka.Persistence.Sql gets: for SQLite, built from the file path; for
    /// PostgreSQL, the given one with a bounded pool (20 connections, idle ones closed after 60 s)
    /// unless it sets its own, so a node never takes a whole server's connections.
    /// </summary>
    public string SqlConnectionString
    {
        get
        {
            if (IsSqlite) return new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(ConnectionString), Pooling = true, DefaultTimeout = 30 }.ToString();
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString };
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("Max Pool Size")) builder.MaxPoolSize = 20;
            if (!given.ContainsKey("Connection Idle Lifetime")) builder.ConnectionIdleLifetime = 60;
            return builder.ConnectionString;
        }
    }
}

/// <summary>Akka.Persistence.Sql for the entities, tuned per provider (the figures are in docs/benchmarks.md).</summary>
public static class CampusPersistence
{
    /// <summary>
    /// SQLite: one writer (<c>parallelism = 1</c>) in WAL mode, which lets the projections read while
    /// the journal writes. PostgreSQL: bigger batches and multi-row inserts. Both: tags in a tag
    /// table, events with outputs tagged for the projections, queries that poll every 100 ms.
    /// </summary>
    public static AkkaConfigurationBuilder WithCampusPersistence(this AkkaConfigurationBuilder builder, CampusStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.IsSqlite) PrepareSqliteFile(store.ConnectionString);
        builder.WithSqlPersistence(
            store.SqlConnectionString,
            store.IsSqlite ? LinqToDB.ProviderName.SQLiteMS : "PostgreSQL.15",
            PersistenceMode.Both,
            journalBuilder: journal => journal.WithCampusTags(),
            autoInitialize: true,
            tagStorageMode: TagMode.TagTable);
        builder.AddHocon(store.IsSqlite ? SqliteTuning : PostgresTuning, HoconAddMode.Prepend);
        builder.AddHocon(QueryTuning, HoconAddMode.Prepend);
        return builder;
    }

    // SQLite: reads must not take the write lock. Microsoft.Data.Sqlite begins a transaction of any
    // other isolation level with BEGIN IMMEDIATE, so every recovery's reads queued behind the writer
    // (700 entities took 8-20 s to start); read-uncommitted gives a deferred BEGIN, and in WAL mode
    // without a shared cache a reader still sees only committed data.
    private const string SqliteTuning = """
        akka.persistence.journal.sql {
          parallelism = 1
          batch-size = 500
          db-round-trip-max-batch-size = 1000
          buffer-size = 50000
          read-isolation-level = read-uncommitted
        }
        akka.persistence.query.journal.sql.read-isolation-level = read-uncommitted
        akka.persistence.snapshot-store.sql.read-isolation-level = read-uncommitted
        """;

    private const string PostgresTuning = """
        akka.persistence.journal.sql {
          parallelism = 2
          batch-size = 1000
          db-round-trip-max-batch-size = 2000
          buffer-size = 50000
        }
        """;

    private const string QueryTuning = """
        akka.persistence.query.journal.sql {
          refresh-interval = 100ms
          max-buffer-size = 1000
          journal-sequence-retrieval.query-delay = 100ms
        }
        akka.persistence.max-concurrent-recoveries = 16
        """;

    /// <summary>Creates the SQLite file's folder and switches the file to WAL (a setting the file keeps).</summary>
    private static void PrepareSqliteFile(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
