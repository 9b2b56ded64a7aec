using System.Data.Common;
using Akka.Actor;
using Akka.Event;

namespace Campus.Host.Projections;

/// <summary>
/// Work that must run exactly once in the cluster (a projection, the notification delivery): it
/// runs inside a cluster singleton (<see cref="ClusterJobActor"/>), so it moves to a surviving node
/// when its node dies and never runs twice at once.
/// </summary>
public interface IClusterJob
{
    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled (the singleton stops or moves).</summary>
    Task RunAsync(CancellationToken stoppingToken);
}

/// <summary>The loop of a cluster job that does its work on a schedule (retention, closing reports).</summary>
public static class ClusterJobSchedule
{
    /// <summary>
    /// Runs <paramref name="work"/> at once and then every <paramref name="interval"/> on
    /// <paramref name="clock"/> (the campus clock, simulated in drills and tests) until
    /// <paramref name="stoppingToken"/> is cancelled. A database outage or a timeout is handed to
    /// <paramref name="failed"/> and the work is tried again at the next tick.
    /// </summary>
    public static async Task EveryAsync(TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> work, Action<Exception> failed,
        CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await work(stoppingToken);
            }
            catch (Exception ex) when (ex is DbException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                failed(ex);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>Asks a projection's singleton to answer <see cref="CaughtUp"/> once it has applied the journal up to <paramref name="Target"/>.</summary>
public sealed record CatchUp(long Target);

/// <summary>The projection has applied the journal up to (at least) <paramref name="Offset"/>.</summary>
public sealed record CaughtUp(long Offset);

/// <summary>The cluster singleton that runs one <see cref="IClusterJob"/> while it lives, and answers <see cref="CatchUp"/> for projections.</summary>
public sealed class ClusterJobActor : ReceiveActor
{
    private readonly IClusterJob _job;
    private readonly CancellationTokenSource _stopping = new();

    public ClusterJobActor(IClusterJob job)
    {
        _job = job;
        Receive<CatchUp>(catchUp =>
        {
            if (_job is not JournalProjection projection)
            {
                Sender.Tell(new Status.Failure(new InvalidOperationException($"{_job.GetType().Name} is not a projection.")));
                return;
            }
            projection.WhenAppliedAsync(catchUp.Target).PipeTo(Sender, success: () => new CaughtUp(projection.Offset));
        });
    }

    public static Props Props(IClusterJob job) => global::Akka.Actor.Props.Create(() => new ClusterJobActor(job));

    protected override void PreStart()
    {
        var log = Context.GetLogger();
        var name = _job.GetType().Name;
        _ = Task.Run(async () =>
        {
            try
            {
                await _job.RunAsync(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // stopped: the singleton moved or the node is leaving
            }
            catch (Exception ex)
            {
                log.Error(ex, "Cluster job {0} stopped with an error", name);
            }
        });
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
