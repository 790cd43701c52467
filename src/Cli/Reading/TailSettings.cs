using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Reading;

internal sealed class TailSettings : TargetSettings
{
    [CommandOption("-c|--count <N>")]
    [Description("Stop after N events (default: run until Ctrl+C).")]
    public long? Count { get; set; }

    public override ValidationResult Validate() =>
        Count is < 1 ? ValidationResult.Error("--count is 1 or more.") : base.Validate();
}
