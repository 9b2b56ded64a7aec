using System.Threading.Channels;
using Campus.Actors.Hosting;

namespace Campus.TestKit;

/// <summary>
/// Receives the entities' outputs directly (an <see cref="IEntityOutputSink"/>), like an Akka
/// TestProbe: <see cref="ExpectAsync{T}"/> takes the next output and checks it,
/// <see cref="ExpectNoneAsync"/> waits until nothing is in flight and checks nothing more came.
/// Waits are bounded by a deadline, never by a sleep.
/// </summary>
public sealed class OutputProbe : IEntityOutputSink
{
    private readonly Channel<EntityOutput> _channel = Channel.CreateUnbounded<EntityOutput>();
    private readonly List<EntityOutput> _all = [];

    /// <summary>The activity the probe waits on for "nothing more" (set by the harness).</summary>
    public EntityActivity? Activity { get; set; }

    /// <summary>How long an expectation waits by default.</summary>
    public static TimeSpan DefaultWithin { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Every output received so far, in order.</summary>
    public IReadOnlyList<EntityOutput> All
    {
        get
        {
            lock (_all) return [.. _all];
        }
    }

    public void Publish(EntityOutput output)
    {
        lock (_all) _all.Add(output);
        _channel.Writer.TryWrite(output);
    }

    /// <summary>Takes the next output; it must be a <typeparamref name="T"/> that satisfies <paramref name="match"/>.</summary>
    public async Task<T> ExpectAsync<T>(Func<T, bool>? match = null, TimeSpan? within = null)
    {
        var output = await NextAsync(within ?? DefaultWithin, typeof(T).Name).ConfigureAwait(false);
        if (output.Output is not T value)
            throw new ProbeException($"Expected a {typeof(T).Name}, got {output.Output.GetType().Name}: {output.Output}");
        if (match is not null && !match(value))
            throw new ProbeException($"The next {typeof(T).Name} did not match: {value}");
        return value;
    }

    /// <summary>Takes outputs until one is a <typeparamref name="T"/> that satisfies <paramref name="match"/> (others are skipped), within a deadline.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? within = null)
    {
        var limit = within ?? DefaultWithin;
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var output = await _channel.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
                if (output.Output is T value && match(value)) return value;
            }
        }
        catch (OperationCanceledException)
        {
            throw new ProbeException($"Expected a matching {typeof(T).Name} within {limit}, got none.");
        }
    }

    /// <summary>Takes the next output with its id and source entity.</summary>
    public Task<EntityOutput> ExpectOutputAsync(TimeSpan? within = null) => NextAsync(within ?? DefaultWithin, "an output");

    /// <summary>Waits until nothing is in flight, then checks that no output is waiting.</summary>
    public async Task ExpectNoneAsync(TimeSpan? within = null)
    {
        await IdleAsync(within).ConfigureAwait(false);
        if (_channel.Reader.TryRead(out var unexpected))
            throw new ProbeException($"Expected no output, got {unexpected.Output.GetType().Name}: {unexpected.Output}");
    }

    /// <summary>Waits until nothing is in flight and returns every output waiting in the probe.</summary>
    public async Task<IReadOnlyList<EntityOutput>> ReceiveUntilIdleAsync(TimeSpan? within = null)
    {
        await IdleAsync(within).ConfigureAwait(false);
        var list = new List<EntityOutput>();
        while (_channel.Reader.TryRead(out var output)) list.Add(output);
        return list;
    }

    private Task IdleAsync(TimeSpan? within) =>
        (Activity ?? throw new InvalidOperationException("The probe has no activity to wait on.")).WhenIdleAsync().WaitAsync(within ?? DefaultWithin);

    private async Task<EntityOutput> NextAsync(TimeSpan within, string what)
    {
        using var deadline = new CancellationTokenSource(within);
        try
        {
            return await _channel.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new ProbeException($"Expected {what} within {within}, got nothing.");
        }
    }
}

/// <summary>An expectation of a probe was not met.</summary>
public sealed class ProbeException(string message) : Exception(message);
