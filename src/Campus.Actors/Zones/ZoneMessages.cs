namespace Campus.Actors.Zones;

/// <summary>A camera counted <paramref name="Count"/> people in the zone (0: it emptied); a recognised person may be named.</summary>
public sealed record ZoneObserved(string DeviceId, string EventId, string? PersonId, int Count, DateTimeOffset At);
