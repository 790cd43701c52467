using System.ComponentModel;
using EventCluster.Cli.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Groups;

/// <summary>
/// <c>evc group ack</c> (or <c>--nack</c>): settles deliveries by id. Ids the group no longer had
/// out (settled already, or handed out again) are listed as unknown; they change nothing, so the
/// command still succeeds.
/// </summary>
[Description("Acknowledge (or with --nack give back) deliveries by id.")]
internal sealed class GroupAckCommand : EvcCommand<GroupAckCommand.Settings>
{
    internal sealed class Settings : GroupSettings
    {
        [CommandArgument(2, "<delivery-ids>")]
        [Description("Delivery ids, as group tail prints them.")]
        public string[] Ids { get; set; } = [];

        [CommandOption("--nack")]
        [Description("Give the deliveries back to be delivered again now, instead of acknowledging them.")]
        public bool Nack { get; set; }

        public override ValidationResult Validate() =>
            Ids.Length is < 1 or > 1000 ? ValidationResult.Error("Give 1 to 1000 delivery ids.") : ValidationResult.Success();
    }

    protected override async Task RunAsync(Connection connection, Output output, Settings settings, CancellationToken ct)
    {
        var unknown = settings.Nack
            ? await connection.Client.NackAsync(settings.Topic, settings.Group, settings.Ids, ct)
            : await connection.Client.AckAsync(settings.Topic, settings.Group, settings.Ids, ct);
        var settled = settings.Ids.Distinct(StringComparer.Ordinal).Count() - unknown.Count;
        if (output.IsJson)
        {
            Output.Json(new { settled, unknown });
        }
        else
        {
            Output.Line($"{(settings.Nack ? "nacked" : "acked")} {settled}" + (unknown.Count > 0 ? $"; not out (already settled or redelivered): {string.Join(' ', unknown)}" : ""));
        }
    }
}
