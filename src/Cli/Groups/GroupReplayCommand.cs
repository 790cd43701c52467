using System.ComponentModel;
using EventCluster.Cli.Common;

namespace EventCluster.Cli.Groups;

/// <summary><c>evc group replay</c>: hands the parked events out again from attempt 1; they stay parked until acknowledged.</summary>
[Description("Hand a group's parked events out again.")]
internal sealed class GroupReplayCommand : EvcCommand<GroupSettings>
{
    protected override async Task RunAsync(Connection connection, Output output, GroupSettings settings, CancellationToken ct)
    {
        var replayed = await connection.Client.ReplayParkedAsync(settings.Topic, settings.Group, ct);
        if (output.IsJson)
        {
            Output.Json(new { replayed });
        }
        else
        {
            Output.Line($"replayed {replayed} parked event(s) of group {settings.Group}");
        }
    }
}
