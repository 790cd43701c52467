using System.ComponentModel;
using EventCluster.Cli.Common;

namespace EventCluster.Cli.Groups;

/// <summary><c>evc group status</c>: checkpoint, lag, deliveries out, parked events and members.</summary>
[Description("Show a group's checkpoint, lag, in-flight and parked events, and members.")]
internal sealed class GroupStatusCommand : EvcCommand<GroupSettings>
{
    protected override async Task RunAsync(Connection connection, Output output, GroupSettings settings, CancellationToken ct)
    {
        var status = await connection.Client.GetGroupStatusAsync(settings.Topic, settings.Group, ct)
            ?? throw CliException.NotFound($"No group {settings.Group} on topic {settings.Topic}.");
        ConsumerStatusView.Show(output, settings.Topic, "group", settings.Group, status);
    }
}
