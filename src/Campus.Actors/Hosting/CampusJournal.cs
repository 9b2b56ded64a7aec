using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Campus.Actors.Entities;

namespace Campus.Actors.Hosting;

/// <summary>An output as the journal holds it: with the journal offset (ordering) of its event.</summary>
public sealed record StoredOutput(long Offset, EntityOutput Output);

/// <summary>One journaled event's outputs, with its offset and when it was written (UTC ticks, real time): a projection applies an event's outputs together.</summary>
public sealed record StoredEvent(long Offset, IReadOnlyList<EntityOutput> Outputs, long StoredAtTicks = 0);

/// <summary>Reads the entities' outputs back out of the journal: the source of every projection.</summary>
public static class CampusJournal
{
    /// <summary>The journal's query side (Akka.Persistence.Sql).</summary>
    public static SqlReadJournal ReadJournal(ActorSystem system) =>
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    /// <summary>Every event with outputs stored after <paramref name="offset"/>, live: the stream goes on as new events are journaled.</summary>
    public static Source<StoredEvent, NotUsed> Events(ActorSystem system, long offset) =>
        ReadJournal(system).EventsByTag(EntityEvent.OutputsTag, Offset.Sequence(offset))
            .Select(e => new StoredEvent(((Sequence)e.Offset).Value, [.. OutputsOf(e).Select(o => o.Output)], e.Timestamp));

    /// <summary>The outputs stored after <paramref name="offset"/> so far; the stream ends at the journal's current end.</summary>
    public static Source<StoredOutput, NotUsed> CurrentOutputs(ActorSystem system, long offset) =>
        ReadJournal(system).CurrentEventsByTag(EntityEvent.OutputsTag, Offset.Sequence(offset)).SelectMany(OutputsOf);

    /// <summary>The offset of the newest event with outputs in the journal now (0 when there is none).</summary>
    public static async Task<long> CurrentEndAsync(ActorSystem system, long after, CancellationToken cancellationToken = default)
    {
        var last = await ReadJournal(system).CurrentEventsByTag(EntityEvent.OutputsTag, Offset.Sequence(after))
            .RunAggregate(after, (_, envelope) => ((Sequence)envelope.Offset).Value, system.Materializer())
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return last;
    }

    /// <summary>Every stored output so far, in journal order (tests and tools).</summary>
    public static async Task<IReadOnlyList<StoredOutput>> ReadAllAsync(ActorSystem system, CancellationToken cancellationToken = default) =>
        await CurrentOutputs(system, 0).RunAggregate(new List<StoredOutput>(), (list, output) => { list.Add(output); return list; }, system.Materializer())
            .WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The outputs of one journaled event, with the ids the entity gave them.</summary>
    public static IEnumerable<StoredOutput> OutputsOf(EventEnvelope envelope)
    {
        if (envelope.Event is not EntityEvent { Outputs.IsDefaultOrEmpty: false } journaled || !EntityId.TryParse(envelope.PersistenceId, out var entity))
            yield break;
        var offset = ((Sequence)envelope.Offset).Value;
        for (var i = 0; i < journaled.Outputs.Length; i++)
        {
            yield return new StoredOutput(offset, new EntityOutput(EntityOutput.MakeId(entity, envelope.SequenceNr, i), entity, journaled.Outputs[i], journaled.At));
        }
    }
}
