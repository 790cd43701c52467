using System.ComponentModel;
using EventCluster.Cli.Common;
using EventCluster.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Groups;

/// <summary>
/// <c>evc group create</c>: creating is idempotent (the same settings again answer "exists"), so
/// scripts can run it on every deploy; other settings for an existing group exit with 3 (conflict).
/// </summary>
[Description("Create a consumer group (idempotent for the same settings).")]
internal sealed class GroupCreateCommand : EvcCommand<GroupCreateCommand.Settings>
{
    internal sealed class Settings : GroupSettings
    {
        [CommandOption("--start-from <earliest|latest>")]
        [Description("Where a new group starts (server default earliest).")]
        public string? StartFrom { get; set; }

        [CommandOption("--ack-timeout <SECONDS>")]
        [Description("Unacked deliveries are redelivered after this (server default 30).")]
        public int? AckTimeout { get; set; }

        [CommandOption("--max-deliveries <N>")]
        [Description("Deliveries of one event before it is parked (server default 5).")]
        public int? MaxDeliveries { get; set; }

        [CommandOption("--ordering <stream|none>")]
        [Description("stream: per-stream order (server default); none: no order, most throughput.")]
        public string? Ordering { get; set; }

        public override ValidationResult Validate() =>
            StartFrom is not (null or "earliest" or "latest") ? ValidationResult.Error("--start-from is earliest or latest.")
            : Ordering is not (null or "stream" or "none") ? ValidationResult.Error("--ordering is stream or none.")
            : ValidationResult.Success();
    }

    protected override async Task RunAsync(Connection connection, Output output, Settings settings, CancellationToken ct)
    {
        var options = new GroupOptions(settings.StartFrom, settings.AckTimeout, settings.MaxDeliveries, settings.Ordering);
        var created = await connection.Client.CreateGroupAsync(settings.Topic, settings.Group, options, ct);
        if (output.IsJson)
        {
            Output.Json(new { topic = settings.Topic, group = settings.Group, created });
        }
        else
        {
            Output.Line(created ? $"created group {settings.Group} on {settings.Topic}" : $"group {settings.Group} on {settings.Topic} exists with these settings");
        }
    }
}
