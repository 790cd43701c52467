using System.ComponentModel;
using EventCluster.Cli.Common;

namespace EventCluster.Cli.Topics;

/// <summary><c>evc topics</c>: every topic the key may subscribe to, with its stream and event counts.</summary>
[Description("List topics with their stream and event counts.")]
internal sealed class TopicsCommand : EvcCommand<GlobalSettings>
{
    protected override async Task RunAsync(Connection connection, Output output, GlobalSettings settings, CancellationToken ct)
    {
        var topics = await connection.Client.ListTopicsAsync(ct);
        if (output.IsJson)
        {
            Output.Json(new { topics });
            return;
        }

        var table = Output.Table("topic", "streams", "events");
        foreach (var t in topics)
        {
            Output.Row(table, t.Topic, t.Streams, t.Events);
        }

        Output.Write(table);
    }
}
