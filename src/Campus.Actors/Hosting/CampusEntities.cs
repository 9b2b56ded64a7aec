using Akka.Actor;
using Akka.Hosting;
using Campus.Actors.Entities;

namespace Campus.Actors.Hosting;

/// <summary>The outcome of <see cref="CampusEntities.AppendAsync"/>: inputs stored, and inputs already stored before.</summary>
public sealed record AppendResult(int Stored, int Duplicates);

/// <summary>Thrown when this node has more work in flight than it may take on: retry later.</summary>
public sealed class OverloadedException(long inFlight, int capacity)
    : Exception($"Overloaded: {inFlight} inputs and tells are in flight (capacity {capacity}); retry later.")
{
    /// <summary>How long a caller should wait before retrying.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);
}

/// <summary>Thrown when the entities could not store inputs: the journal is unreachable or an entity did not answer in time.</summary>
public sealed class EntitiesUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>How long a caller should wait before retrying.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(5);
}

/// <summary>Thrown when an entity refused inputs for a reason a retry does not change.</summary>
public sealed class InputsRefusedException(string message) : Exception(message);

/// <summary>
/// How the host talks to the entities: hands inputs to their entities and waits for the answer,
/// which comes once the inputs are in the journal ("202 means durable"). Inputs for one entity
/// go in one message (one write); several entities are asked at once.
/// </summary>
public sealed class CampusEntities(IRequiredActor<CampusRegion> region, EntityHost host)
{
    /// <summary>The node's activity: work in flight among its entities.</summary>
    public EntityActivity Activity => host.Activity;

    /// <summary>The options the entities run with.</summary>
    public EntityHostOptions Options => host.Options;

    /// <summary>
    /// Stores <paramref name="inputs"/> with their entities. Completes when every new input is
    /// journaled. Throws <see cref="OverloadedException"/> at once when too much work is in flight,
    /// <see cref="EntitiesUnavailableException"/> when the journal cannot be written.
    /// </summary>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<EntityInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) return new AppendResult(0, 0);
        var inFlight = host.Activity.InFlight;
        if (inFlight + inputs.Count > host.Options.MaxPendingInputs) throw new OverloadedException(inFlight, host.Options.MaxPendingInputs);
        foreach (var input in inputs)
        {
            if (!host.Behaviors.ContainsKey(input.Target.Kind))
                throw new ArgumentException($"No behaviour is registered for entity kind '{input.Target.Kind}'.", nameof(inputs));
        }

        var regionRef = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        var groups = inputs.GroupBy(i => i.Target).Select(g => new DeliverInputs(g.Key, [.. g])).ToList();
        var answers = await Task.WhenAll(groups.Select(g => AskAsync(regionRef, g, cancellationToken))).ConfigureAwait(false);
        return new AppendResult(answers.Sum(a => a.Stored), answers.Sum(a => a.Duplicates));
    }

    /// <summary>Stores one input; true when it was new, false when it was a duplicate.</summary>
    public async Task<bool> TellAsync(EntityInput input, CancellationToken cancellationToken = default) =>
        (await AppendAsync([input], cancellationToken).ConfigureAwait(false)).Stored == 1;

    /// <summary>An entity's current state and timers (tests and diagnostics).</summary>
    public async Task<EntityStateReply> PeekAsync(EntityId entity, CancellationToken cancellationToken = default)
    {
        var regionRef = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        return await regionRef.Ask<EntityStateReply>(new PeekEntity(entity), host.Options.AskTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes when no input, tell or timer is in flight on this node.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) => host.Activity.WhenIdleAsync(cancellationToken);

    private async Task<InputsAccepted> AskAsync(IActorRef regionRef, DeliverInputs delivery, CancellationToken cancellationToken)
    {
        host.Activity.Begin();
        try
        {
            var answer = await regionRef.Ask<object>(delivery, host.Options.AskTimeout, cancellationToken).ConfigureAwait(false);
            return answer switch
            {
                InputsAccepted accepted => accepted,
                InputsRefused { StoreUnavailable: true } refused => throw new EntitiesUnavailableException(refused.Reason),
                InputsRefused refused => throw new InputsRefusedException(refused.Reason),
                _ => throw new InvalidOperationException($"Unexpected answer {answer.GetType().Name} from {delivery.Target}."),
            };
        }
        catch (AskTimeoutException timeout)
        {
            throw new EntitiesUnavailableException($"{delivery.Target} did not store its inputs within {host.Options.AskTimeout.TotalSeconds:0} s.", timeout);
        }
        finally
        {
            host.Activity.End();
        }
    }
}

/// <summary>The registry key of the campus shard region.</summary>
public sealed class CampusRegion;
