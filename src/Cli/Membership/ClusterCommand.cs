using System.ComponentModel;
using EventCluster.Cli.Common;

namespace EventCluster.Cli.Membership;

/// <summary><c>evc cluster</c>: the members as the answering node sees them, with the stream shards and entities each hosts.</summary>
[Description("Show the cluster's members, their roles and status, and the shards each hosts.")]
internal sealed class ClusterCommand : EvcCommand<GlobalSettings>
{
    protected override async Task RunAsync(Connection connection, Output output, GlobalSettings settings, CancellationToken ct)
    {
        var cluster = await connection.Client.GetClusterAsync(ct);
        if (output.IsJson)
        {
            Output.Json(cluster);
            return;
        }

        var table = Output.Table("address", "roles", "status", "reachable", "shards", "entities");
        foreach (var m in cluster.Members)
        {
            Output.Row(
                table,
                m.Address + (m.Address == cluster.Self ? " (self)" : ""),
                string.Join(',', m.Roles),
                m.Status,
                m.Unreachable ? "no" : "yes",
                cluster.Shards.TryGetValue(m.Address, out var shards) ? shards : null,
                cluster.Entities.TryGetValue(m.Address, out var entities) ? entities : null);
        }

        Output.Write(table);
    }
}
