using System.Globalization;

namespace Campus.County.Replay;

/// <summary>A process's memory from <c>/proc/{pid}/status</c>: resident now (VmRSS) and its peak (VmHWM).</summary>
public sealed record ResidentMemory(long ResidentBytes, long PeakBytes)
{
    /// <summary>Reads the figures of <paramref name="pid"/>; null when the process is not there (or this is not Linux).</summary>
    public static ResidentMemory? Of(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path)) return null;
        long? rss = null, peak = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
        }
        return rss is { } r && peak is { } p ? new ResidentMemory(r, p) : null;
    }

    /// <summary>"VmRSS:    123456 kB" in bytes.</summary>
    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
