using System.ComponentModel;
using EventCluster.Cli.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Topics;

/// <summary><c>evc stats</c>: a topic's live flow over the last window (events, rate, types, active streams), from the gateway's live counters.</summary>
[Description("Show a topic's (or $all's) live statistics over the last window.")]
internal sealed class StatsCommand : EvcCommand<StatsCommand.Settings>
{
    internal sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<topic>")]
        [Description("The topic, or $all.")]
        public string Topic { get; set; } = "";

        [CommandOption("-w|--window <SECONDS>")]
        [Description("The window, 1 to 300 seconds.")]
        [DefaultValue(60)]
        public int Window { get; set; } = 60;

        public override ValidationResult Validate() =>
            Window is < 1 or > 300 ? ValidationResult.Error("--window is 1 to 300 seconds.") : ValidationResult.Success();
    }

    protected override async Task RunAsync(Connection connection, Output output, Settings settings, CancellationToken ct)
    {
        var stats = await connection.Client.GetTopicStatsAsync(settings.Topic, settings.Window, ct);
        if (output.IsJson)
        {
            Output.Json(stats);
            return;
        }

        var peak = stats.PerSecond.Count == 0 ? 0 : stats.PerSecond.Max();
        Output.Write(Output.Fields(
            ("topic", stats.Topic),
            ("window", $"{stats.WindowSeconds} s"),
            ("events", stats.Events),
            ("events/s", (stats.Events / (double)stats.WindowSeconds).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + $" (peak {peak})"),
            ("active streams", stats.ActiveStreams + (stats.ActiveStreamsCapped ? "+" : ""))));
        var types = Output.Table("type", "events");
        foreach (var (type, count) in stats.ByType.OrderByDescending(t => t.Value))
        {
            Output.Row(types, type, count);
        }

        Output.Write(types);
    }
}
