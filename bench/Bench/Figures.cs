using System.Globalization;

namespace Bench;

/// <summary>
/// The figures a run reports, also appended as <c>name value</c> lines to the file named by
/// <c>--results</c> (if any), so that bench/write-path.sh can put one run's figures side by side.
/// Names are <c>{label}.{figure}</c>, the label coming from <c>--label</c>.
/// </summary>
public static class Figures
{
    private static string? _file;
    private static string _label = "run";

    public static void Configure(BenchOptions options)
    {
        _file = options.ResultsFile;
        _label = options.Label;
    }

    public static void Record(string figure, double value)
    {
        if (_file is null || double.IsNaN(value))
        {
            return;
        }

        File.AppendAllText(_file, string.Create(CultureInfo.InvariantCulture, $"{_label}.{figure} {value:F2}\n"));
    }
}
