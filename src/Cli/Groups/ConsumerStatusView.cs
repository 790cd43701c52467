using EventCluster.Cli.Common;
using EventCluster.Client;

namespace EventCluster.Cli.Groups;

/// <summary>A group's or a webhook's progress, shown the same way for both (the gateway answers the same shape).</summary>
internal static class ConsumerStatusView
{
    public static void Show(Output output, string topic, string kind, string name, ConsumerStatus status)
    {
        if (output.IsJson)
        {
            Output.Json(status);
            return;
        }

        Output.Write(Output.Fields(
            ("topic", topic),
            (kind, name),
            ("checkpoint", status.Checkpoint),
            ("lag", status.Lag),
            ("in flight", status.InFlight),
            ("parked", status.Parked),
            ("members", status.Members),
            ("node", status.Node)));
    }
}
