using System.Globalization;
using System.Text;

namespace Campus.Bench;

/// <summary>Request bodies of the ingest contract (docs/api.md), built by hand to keep the client cheap.</summary>
public static class DeviceEvents
{
    /// <summary>Students of the demo roster: S1001 … S1640.</summary>
    public static string Student(long n) => "S" + (1001 + (n % 640)).ToString(CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A batch of <paramref name="count"/> events of one device: known-student scans (alternately in
    /// and out) for a reader, heartbeats otherwise. Event ids are <paramref name="prefix"/>-n, unique per run.
    /// </summary>
    public static string Batch(BenchHost.DemoDevice device, int count, DateTimeOffset at, string prefix, ref long next)
    {
        var time = Time(at);
        var scans = device.Kind is "gate-reader";
        var body = new StringBuilder(count * 160).Append('[');
        for (var i = 0; i < count; i++)
        {
            var n = next++;
            if (i > 0) body.Append(',');
            body.Append("{\"eventId\":\"").Append(prefix).Append('-').Append(n)
                .Append("\",\"deviceId\":\"").Append(device.Id)
                .Append("\",\"occurredAt\":\"").Append(time);
            if (scans)
                body.Append("\",\"type\":\"access\",\"personId\":\"").Append(Student(n)).Append("\",\"direction\":\"").Append(n % 2 == 0 ? "in" : "out").Append("\"}");
            else
                body.Append("\",\"type\":\"heartbeat\"}");
        }
        return body.Append(']').ToString();
    }

    /// <summary>One unknown face (no person id) at a reader: an intruder alert for the place and hour.</summary>
    public static string UnknownFace(BenchHost.DemoDevice device, DateTimeOffset at, string eventId) =>
        $"{{\"eventId\":\"{eventId}\",\"deviceId\":\"{device.Id}\",\"occurredAt\":\"{Time(at)}\",\"type\":\"access\",\"direction\":\"in\"}}";

    /// <summary>A known student's scan counted as <paramref name="passages"/> passages: tailgating, an intruder alert of its own for the gate and hour.</summary>
    public static string Tailgate(BenchHost.DemoDevice device, DateTimeOffset at, string eventId, int passages) =>
        $"{{\"eventId\":\"{eventId}\",\"deviceId\":\"{device.Id}\",\"occurredAt\":\"{Time(at)}\",\"type\":\"access\",\"personId\":\"S1001\",\"direction\":\"in\",\"count\":{passages}}}";

    /// <summary>A camera counting one person in its zone: in a hazard zone, a restricted-zone alert for the zone and hour.</summary>
    public static string PersonInZone(BenchHost.DemoDevice device, DateTimeOffset at, string eventId) =>
        $"{{\"eventId\":\"{eventId}\",\"deviceId\":\"{device.Id}\",\"occurredAt\":\"{Time(at)}\",\"type\":\"zone\",\"count\":1}}";
}
