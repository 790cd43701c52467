using System.ComponentModel;
using EventCluster.Cli.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Groups;

/// <summary>
/// <c>evc group tail</c>: joins the group as a member and prints what it is handed, with each
/// delivery id (what <c>group ack</c> takes). With <c>--ack</c> each delivery is acknowledged once
/// printed (at least once: a crash between the two redelivers it); without, the deliveries stay
/// out until acked or their timeout hands them out again.
/// </summary>
[Description("Join a group as a member and print its deliveries (optionally acking them).")]
internal sealed class GroupTailCommand : EvcCommand<GroupTailCommand.Settings>
{
    internal sealed class Settings : GroupSettings
    {
        [CommandOption("-c|--count <N>")]
        [Description("Stop after N deliveries (default: run until Ctrl+C).")]
        public long? Count { get; set; }

        [CommandOption("--ack")]
        [Description("Acknowledge each delivery after printing it.")]
        public bool Ack { get; set; }

        public override ValidationResult Validate() =>
            Count is < 1 ? ValidationResult.Error("--count is 1 or more.") : ValidationResult.Success();
    }

    protected override bool Streaming => true;

    protected override async Task RunAsync(Connection connection, Output output, Settings settings, CancellationToken ct)
    {
        long seen = 0;
        await foreach (var delivery in connection.Client.JoinGroupAsync(settings.Topic, settings.Group, ct))
        {
            Output.Line(output.IsJson
                ? System.Text.Json.JsonSerializer.Serialize(new { deliveryId = delivery.DeliveryId, @event = delivery.Event }, Output.JsonOptions)
                : $"{delivery.DeliveryId}  {EventText.Line(delivery.Event, byOffset: true)}");
            if (settings.Ack)
            {
                await connection.Client.AckAsync(settings.Topic, settings.Group, [delivery.DeliveryId], ct);
            }

            if (++seen == settings.Count)
            {
                break;
            }
        }
    }
}
