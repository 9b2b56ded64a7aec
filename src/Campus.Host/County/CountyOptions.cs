using System.ComponentModel.DataAnnotations;

namespace Campus.Host.County;

/// <summary>The county overview's tunables: the <c>Campus:County</c> section (see docs/configuration.md).</summary>
public sealed class CountyOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Campus:County";

    /// <summary>
    /// The shortest time between two tiles of one campus on the hub (<c>countyTile</c>), in real
    /// time: changes in between are gathered into the next tile, so a morning rush of presence
    /// changes is at most one tile per campus per interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TileInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most alerts <c>GET /api/v1/county/alerts</c> answers (the newest critical and high alerts still open).</summary>
    [Range(1, 5000)]
    public int AlertListLimit { get; set; } = 200;
}
