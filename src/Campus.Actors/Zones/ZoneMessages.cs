namespace Campus.Actors.Zones;

/// <summary>A camera counted <paramref name="Count"/> people in the zone (0: it emptied); a recognised person may be named.</summary>
public sealed record ZoneObserved(string DeviceId, string EventId, string? PersonId, int Count, DateTimeOffset At);

/// <summary>Output: the number of people a camera counts in a zone changed.</summary>
public sealed record ZoneOccupancyChanged(string CampusId, string ZoneId, int Count, DateTimeOffset At);
