using System.Globalization;

namespace Campus.Bench;

/// <summary>Prints results as Markdown table rows: what, the figure, the baseline, the ratio.</summary>
/// <param name="output">Where the rows go (the process's stdout; everything else is sent to stderr).</param>
public sealed class Report(TextWriter output)
{
    public void Header()
    {
        output.WriteLine($"CampusOps benchmarks, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        output.WriteLine();
        output.WriteLine("| benchmark | result | baseline (same run) | ratio |");
        output.WriteLine("| --- | --- | --- | --- |");
        output.Flush();
    }

    public void Row(string what, double value, string unit, string baselineName, double baseline)
    {
        var ratio = baseline == 0 ? double.NaN : value / baseline;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {Format(value)} {unit} | {baselineName}: {Format(baseline)} {unit} | {ratio:0.00} |"));
        output.Flush();
    }

    public static string Format(double value) =>
        value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture);
}
