using System.ComponentModel;
using EventCluster.Cli.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Bench;

internal sealed class BenchSettings : GlobalSettings
{
    [CommandOption("-n|--events <N>")]
    [Description("Events to publish.")]
    [DefaultValue(10_000)]
    public int Events { get; set; } = 10_000;

    [CommandOption("--streams <N>")]
    [Description("Streams to spread them over (topic-0 … topic-N-1).")]
    [DefaultValue(100)]
    public int Streams { get; set; } = 100;

    [CommandOption("-c|--concurrency <N>")]
    [Description("Appends in flight at once.")]
    [DefaultValue(16)]
    public int Concurrency { get; set; } = 16;

    [CommandOption("-b|--batch <N>")]
    [Description("Events per append (one request, one stream).")]
    [DefaultValue(1)]
    public int Batch { get; set; } = 1;

    [CommandOption("--size <BYTES>")]
    [Description("Approximate size of each event's data.")]
    [DefaultValue(256)]
    public int Size { get; set; } = 256;

    [CommandOption("--subscribe")]
    [Description("Also subscribe to the topic and measure publish-to-delivery latency.")]
    public bool Subscribe { get; set; }

    [CommandOption("--topic <TOPIC>")]
    [Description("The topic to publish to (default a new one, bench + random letters).")]
    public string? Topic { get; set; }

    public override ValidationResult Validate() =>
        Events < 1 ? ValidationResult.Error("--events is 1 or more.")
        : Streams < 1 ? ValidationResult.Error("--streams is 1 or more.")
        : Concurrency is < 1 or > 1024 ? ValidationResult.Error("--concurrency is 1 to 1024.")
        : Batch is < 1 or > 1000 ? ValidationResult.Error("--batch is 1 to 1000.")
        : Size is < 0 or > 1_000_000 ? ValidationResult.Error("--size is 0 to 1000000 bytes.")
        : ValidationResult.Success();
}
