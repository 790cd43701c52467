using System.ComponentModel;
using EventCluster.Cli.Common;
using EventCluster.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Publishing;

internal sealed class PublishSettings : GlobalSettings
{
    [CommandArgument(0, "<stream>")]
    [Description("The stream to append to (its topic is the text before the first '-').")]
    public string Stream { get; set; } = "";

    [CommandOption("-t|--type <TYPE>")]
    [Description("The event type of one event; without it, events are read from stdin as NDJSON.")]
    public string? Type { get; set; }

    [CommandOption("-d|--data <JSON>")]
    [Description("The event's data, any JSON value (default null).")]
    public string? Data { get; set; }

    [CommandOption("--metadata <JSON>")]
    [Description("The event's metadata, a JSON object.")]
    public string? Metadata { get; set; }

    [CommandOption("--id <UUID>")]
    [Description("The event's id (idempotency: the same id again stores nothing); default a new one.")]
    public string? Id { get; set; }

    [CommandOption("-e|--expected-version <VERSION>")]
    [Description("any (default), none, exists, or the stream's current version N. From stdin it holds for the first batch; each next batch expects the version the previous one left.")]
    public string? ExpectedVersion { get; set; }

    [CommandOption("--batch-size <N>")]
    [Description("Events per append when reading stdin (each batch is stored all or none).")]
    [DefaultValue(100)]
    public int BatchSize { get; set; } = 100;

    public ExpectedVersion? Expected => ExpectedVersion?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "any" => Client.ExpectedVersion.Any,
        "none" => Client.ExpectedVersion.NoStream,
        "exists" => Client.ExpectedVersion.StreamExists,
        var n when long.TryParse(n, System.Globalization.CultureInfo.InvariantCulture, out var version) && version >= 0 => Client.ExpectedVersion.Exactly(version),
        _ => throw CliException.Usage($"--expected-version is any, none, exists or a version number, not '{ExpectedVersion}'."),
    };

    public override ValidationResult Validate()
    {
        if (BatchSize is < 1 or > 1000)
        {
            return ValidationResult.Error("--batch-size is 1 to 1000.");
        }

        if (Type is null && (Data ?? Metadata ?? Id) is not null)
        {
            return ValidationResult.Error("--data, --metadata and --id describe one event: give its --type too.");
        }

        return ValidationResult.Success();
    }
}
