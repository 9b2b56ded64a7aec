using System.ComponentModel.DataAnnotations;

namespace Campus.Host.Campus;

/// <summary>What the host serves and how time runs: the <c>Campus</c> section (see docs/configuration.md).</summary>
public sealed class CampusOptions
{
    /// <summary>The configuration section (shared with the storage settings).</summary>
    public const string Section = "Campus";

    /// <summary>Load the demo campus (Huajing Experimental School, <c>hj</c>), issue its device keys and write <c>demo.json</c>.</summary>
    public bool Demo { get; set; }

    /// <summary>Where the host keeps its files (device keys, the simulated clock; the SQLite database by default): default <c>data/</c> under the content root, or the SQLite file's folder.</summary>
    public string? DataFolder { get; set; }

    /// <summary>Where demo mode writes its <c>demo.json</c> (device keys and sample students), relative to the working folder.</summary>
    public string DemoFile { get; set; } = "demo.json";

    /// <summary>Campus manifests to load at start-up (paths to JSON manifests; each names its roster CSV).</summary>
    public List<string> Manifests { get; set; } = [];

    /// <summary><c>real</c> (the default) or <c>simulated</c>: time moves only by <c>POST /api/v1/sim/clock</c> or the traffic generator.</summary>
    [RegularExpression("^(real|simulated)$", ErrorMessage = "Campus:Clock must be 'real' or 'simulated'.")]
    public string Clock { get; set; } = "real";

    /// <summary>Where a simulated clock starts (default: 06:00 campus time of the next school day of the first campus).</summary>
    public DateTimeOffset? SimulatedStart { get; set; }

    /// <summary>Play a school day of generated traffic on the demo campus (needs the simulated clock).</summary>
    public bool Traffic { get; set; }

    /// <summary>Simulated seconds per real second while the traffic generator plays.</summary>
    [Range(1, 3600)]
    public double TrafficSpeed { get; set; } = 60;

    /// <summary>How far in the future an event's <c>occurredAt</c> may be (device clocks drift).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old an event may be when it arrives (devices buffer while offline).</summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The largest ingest request body, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests per second one device key may make before it gets 429.</summary>
    [Range(1, 100_000)]
    public int DeviceRequestsPerSecond { get; set; } = 50;

    /// <summary>Password sign-in attempts one client address may make per minute before it gets 429 (guardian access codes are not limited: they cannot be guessed).</summary>
    [Range(1, 10_000)]
    public int SignInAttemptsPerMinute { get; set; } = 30;

    /// <summary>
    /// How many days a visit's record is kept after its expected departure: then its journal, its
    /// read-model row and the vehicle log of those days are removed (docs/operations.md, "Visitor records").
    /// </summary>
    [Range(1, 3650)]
    public int VisitRetentionDays { get; set; } = 180;

    /// <summary>True when time is simulated.</summary>
    public bool Simulated => Clock == "simulated";
}
