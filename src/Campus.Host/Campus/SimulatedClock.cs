using System.Globalization;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;

namespace Campus.Host.Campus;

/// <summary>
/// The simulated clock of drills and demos: a <see cref="ManualClock"/> whose reading is saved in
/// the data folder, so a restarted demo goes on from where it was instead of going back in time.
/// </summary>
public sealed class SimulatedClock(ManualClock clock, string path)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ManualClock Clock { get; } = clock;

    /// <summary>Holds the clock for one move at a time (a drill's request and the traffic generator take turns).</summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }

    /// <summary>Starts at the saved reading, else at <paramref name="start"/>, else at 06:00 of the next school day of <paramref name="campus"/>.</summary>
    public static SimulatedClock Load(string path, DateTimeOffset? start, CampusManifest? campus, DateTimeOffset realNow)
    {
        DateTimeOffset at;
        if (File.Exists(path) && DateTimeOffset.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var saved))
            at = saved;
        else if (start is { } given)
            at = given;
        else if (campus is not null)
            at = campus.Rules.Next(campus.Rules.At(campus.Rules.LocalDate(realNow), TimeOnly.MinValue), new TimeOnly(6, 0), campus.Rules.Calendar.IsSchoolDay) ?? realNow;
        else
            at = realNow;
        return new SimulatedClock(new ManualClock(at), path);
    }

    /// <summary>
    /// Moves the clock one due instant at a time, waiting at each until the entities have done
    /// everything the timers due then caused, then until the read model shows it all
    /// (<paramref name="barrier"/>), and saves the reading.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset target, ProcessingBarrier barrier, CancellationToken cancellationToken)
    {
        await Clock.AdvanceToAsync(target, barrier.EntitiesIdleAsync, cancellationToken);
        await barrier.WaitAsync(cancellationToken);
        await SaveAsync(cancellationToken);
    }

    /// <summary>Saves the clock's reading, so a restarted demo goes on from here.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), cancellationToken);
    }
}
