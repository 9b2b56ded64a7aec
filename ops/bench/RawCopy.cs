using Akka.Actor;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Campus.Bench;

/// <summary>A journal row as Akka.Persistence.Sql writes it: the entity, its sequence number, the serializer's manifest and the event's bytes.</summary>
internal sealed record JournalRow(string PersistenceId, long SequenceNr, string Manifest, byte[] Payload);

/// <summary>
/// The floor for durable writes on PostgreSQL: binary COPY of journal rows into a plain table with
/// the columns and primary key of Akka.Persistence.Sql's <c>journal</c> table, 1,000 rows per
/// transaction, one connection.
/// </summary>
internal static class RawCopy
{
    private const int RowsPerTransaction = 1_000;

    /// <summary>Copies <paramref name="rows"/> into a new table of <paramref name="connectionString"/>'s database; returns rows/s.</summary>
    public static async Task<double> RunAsync(string connectionString, IReadOnlyList<JournalRow> rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE raw_journal (
                ordering BIGSERIAL NOT NULL,
                persistence_id VARCHAR(255) NOT NULL,
                sequence_number BIGINT NOT NULL,
                deleted BOOLEAN NOT NULL,
                created BIGINT NOT NULL,
                manifest VARCHAR(500) NOT NULL,
                message BYTEA NOT NULL,
                identifier INTEGER,
                writer_uuid VARCHAR(128),
                PRIMARY KEY (persistence_id, sequence_number)
            )
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var start = Bench.Now();
        for (var first = 0; first < rows.Count; first += RowsPerTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY raw_journal (persistence_id, sequence_number, deleted, created, manifest, message, identifier, writer_uuid) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = first; i < Math.Min(rows.Count, first + RowsPerTransaction); i++)
                {
                    var row = rows[i];
                    await writer.StartRowAsync();
                    await writer.WriteAsync(row.PersistenceId, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(row.SequenceNr, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                    await writer.WriteAsync((long)i, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(row.Manifest, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(row.Payload, NpgsqlDbType.Bytea);
                    await writer.WriteAsync(CampusSerializer.Id, NpgsqlDbType.Integer);
                    await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                }
                await writer.CompleteAsync();
            }
            await transaction.CommitAsync();
        }
        return rows.Count / Bench.SecondsSince(start);
    }
}

/// <summary>
/// Encodes journal events exactly as the entities' journal stores them (<see cref="CampusSerializer"/>
/// with the given codec), outside any node: for the raw baselines' payloads.
/// </summary>
internal sealed class JournalEncoder : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly CampusSerializer _serializer;

    public JournalEncoder(MessageCodec codec)
    {
        _system = ActorSystem.Create("bench-encoder", "akka.loglevel = WARNING");
        _serializer = new CampusSerializer((ExtendedActorSystem)_system, codec);
    }

    /// <summary>The bytes the journal holds for <paramref name="journaled"/>.</summary>
    public byte[] Encode(EntityEvent journaled) => _serializer.ToBinary(journaled);

    /// <summary>The serializer's manifest of a journaled event.</summary>
    public string Manifest(EntityEvent journaled) => _serializer.Manifest(journaled);

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
