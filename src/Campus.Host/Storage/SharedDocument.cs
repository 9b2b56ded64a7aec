using Npgsql;

namespace Campus.Host.Storage;

/// <summary>
/// A small JSON document the host keeps whole (the accounts and their sessions, the device keys):
/// a file in the data folder on the embedded default, a row of <c>shared_documents</c> in
/// PostgreSQL when the nodes of a cluster share it. Every change is a read-modify-write of the
/// newest version under an exclusive lock (the file's process lock, or the row's <c>FOR UPDATE</c>),
/// so two nodes changing it at once never lose either change; the other nodes hear of a change
/// through <see cref="Changed"/>.
/// </summary>
public abstract class SharedDocument
{
    /// <summary>The document's newest text, or null before its first write.</summary>
    public abstract string? Read();

    /// <summary>
    /// Applies <paramref name="update"/> to the newest text (null before the first write) under the
    /// document's lock and stores what it returns; returns that. Throws when the store is unreachable.
    /// </summary>
    public abstract string Update(Func<string?, string> update);

    /// <summary>Raised (on a background thread) when another node changed the document: read it again.</summary>
    public event Action? Changed;

    /// <summary>Raises <see cref="Changed"/>.</summary>
    protected void OnChanged() => Changed?.Invoke();

    /// <summary>A document kept in memory only (tests).</summary>
    public static SharedDocument InMemory() => new MemoryDocument();
}

/// <summary>The document in memory (tests): nothing survives the process.</summary>
internal sealed class MemoryDocument : SharedDocument
{
    private readonly Lock _gate = new();
    private string? _text;

    public override string? Read()
    {
        lock (_gate) return _text;
    }

    public override string Update(Func<string?, string> update)
    {
        lock (_gate) return _text = update(_text);
    }
}

/// <summary>The document as a file, replaced atomically (a temporary file moved over it) on every change: one node.</summary>
public sealed class FileDocument(string path) : SharedDocument
{
    private readonly Lock _gate = new();

    /// <summary>The file's full path.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public override string? Read()
    {
        lock (_gate) return File.Exists(Path) ? File.ReadAllText(Path) : null;
    }

    public override string Update(Func<string?, string> update)
    {
        lock (_gate)
        {
            var text = update(File.Exists(Path) ? File.ReadAllText(Path) : null);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var temp = Path + ".tmp";
            File.WriteAllText(temp, text);
            File.Move(temp, Path, overwrite: true);
            return text;
        }
    }
}

/// <summary>
/// The document as a row of <c>shared_documents</c> (migration 0003) in the cluster's PostgreSQL.
/// A change takes the row's lock, writes the new text with the next version and sends
/// <c>NOTIFY campus_documents</c> with the document's name and version in the same transaction; every node
/// listens and raises <see cref="SharedDocument.Changed"/>. A node that lost its listening
/// connection (a PostgreSQL restart) also compares versions every <see cref="PollInterval"/>, so it
/// never keeps a stale copy for longer.
/// </summary>
public sealed class PostgresDocument : SharedDocument, IAsyncDisposable
{
    /// <summary>The notification channel documents announce their changes on.</summary>
    public const string Channel = "campus_documents";

    /// <summary>How often a node compares its copy's version with the database's, in case a notification was missed.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _name;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _listening;
    private long _version = -1;

    public PostgresDocument(NpgsqlDataSource dataSource, string name)
    {
        _dataSource = dataSource;
        _name = name;
        _listening = Task.Run(() => ListenAsync(_stopping.Token));
    }

    public override string? Read()
    {
        using var connection = _dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT body, version FROM shared_documents WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", _name);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        Interlocked.Exchange(ref _version, reader.GetInt64(1));
        return reader.GetString(0);
    }

    public override string Update(Func<string?, string> update)
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var ensure = new NpgsqlCommand("INSERT INTO shared_documents (name, body, version) VALUES (@name, NULL, 0) ON CONFLICT (name) DO NOTHING", connection, transaction))
        {
            ensure.Parameters.AddWithValue("name", _name);
            ensure.ExecuteNonQuery();
        }
        string? current;
        long version;
        using (var select = new NpgsqlCommand("SELECT body, version FROM shared_documents WHERE name = @name FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue("name", _name);
            using var reader = select.ExecuteReader();
            reader.Read();
            current = reader.IsDBNull(0) ? null : reader.GetString(0);
            version = reader.GetInt64(1);
        }
        var text = update(current);
        using (var write = new NpgsqlCommand("UPDATE shared_documents SET body = @body, version = @version WHERE name = @name", connection, transaction))
        {
            write.Parameters.AddWithValue("name", _name);
            write.Parameters.AddWithValue("body", text);
            write.Parameters.AddWithValue("version", version + 1);
            write.ExecuteNonQuery();
        }
        using (var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection, transaction))
        {
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("payload", $"{_name}:{version + 1}");
            notify.ExecuteNonQuery();
        }
        transaction.Commit();
        Interlocked.Exchange(ref _version, version + 1);
        return text;
    }

    /// <summary>Listens for other nodes' changes, reconnecting after a failure.</summary>
    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, e) =>
                {
                    // "name:version": a node's own change (its version already current) is not news.
                    var colon = e.Payload.LastIndexOf(':');
                    if (colon > 0 && e.Payload.AsSpan(0, colon).SequenceEqual(_name)
                        && long.TryParse(e.Payload.AsSpan(colon + 1), out var version) && version != Interlocked.Read(ref _version))
                        OnChanged();
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }
                // Anything that changed while this node was not listening.
                await CompareVersionAsync(stopping);
                while (!stopping.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(PollInterval, stopping)) await CompareVersionAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                // The database is unreachable: the copy in memory stays valid until it is back.
                try
                {
                    await Task.Delay(PollInterval, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task CompareVersionAsync(CancellationToken stopping)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(stopping);
        await using var command = new NpgsqlCommand("SELECT version FROM shared_documents WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", _name);
        var version = await command.ExecuteScalarAsync(stopping) is long v ? v : -1;
        if (version != Interlocked.Read(ref _version)) OnChanged();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _listening;
        }
        catch (OperationCanceledException)
        {
        }
        _stopping.Dispose();
    }
}
