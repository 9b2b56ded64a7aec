using System.Globalization;

namespace Campus.Bench;

/// <summary>Prints results as Markdown table rows: what, the figure, the baseline, the ratio.</summary>
public sealed class Report
{
    public void Header()
    {
        Console.WriteLine($"CampusOps benchmarks, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| benchmark | result | baseline (same run) | ratio |");
        Console.WriteLine("| --- | --- | --- | --- |");
    }

    public void Row(string what, double value, string unit, string baselineName, double baseline)
    {
        var ratio = baseline == 0 ? double.NaN : value / baseline;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {Format(value)} {unit} | {baselineName}: {Format(baseline)} {unit} | {ratio:0.00} |"));
    }

    public static string Format(double value) =>
        value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture);
}
