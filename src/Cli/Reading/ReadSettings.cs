using System.ComponentModel;
using EventCluster.Cli.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Reading;

/// <summary>A stream or a topic and where to start: shared by <c>read</c> and <c>tail</c>.</summary>
internal class TargetSettings : GlobalSettings
{
    [CommandArgument(0, "<stream-or-topic>")]
    [Description("A stream, or with --topic a topic; $all is every event.")]
    public string Name { get; set; } = "";

    [CommandOption("--topic")]
    [Description("Read a topic (every stream named topic-…) in offset order instead of a stream.")]
    public bool Topic { get; set; }

    [CommandOption("--from <SEQUENCE>")]
    [Description("Streams: the first sequence to read (inclusive, default 1).")]
    public long? From { get; set; }

    [CommandOption("--after <OFFSET>")]
    [Description("Topics: the offset to read after (exclusive, default 0 = the beginning).")]
    public long? After { get; set; }

    public Target Target => Target.Of(Name, Topic, From, After);

    public override ValidationResult Validate() =>
        From is < 1 ? ValidationResult.Error("--from is a sequence, 1 or more.")
        : After is < 0 ? ValidationResult.Error("--after is an offset, 0 or more.")
        : ValidationResult.Success();
}

internal sealed class ReadSettings : TargetSettings
{
    [CommandOption("-n|--limit <N>")]
    [Description("At most this many events.")]
    [DefaultValue(100)]
    public int Limit { get; set; } = 100;

    [CommandOption("--all")]
    [Description("Read to the end, however many events (overrides --limit).")]
    public bool All { get; set; }

    public override ValidationResult Validate() =>
        Limit < 1 ? ValidationResult.Error("--limit is 1 or more.") : base.Validate();
}
