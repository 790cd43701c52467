using System.ComponentModel;
using EventCluster.Cli.Common;
using EventCluster.Cli.Groups;

namespace EventCluster.Cli.Webhooks;

/// <summary><c>evc webhook status</c>: the same progress a group shows (checkpoint, lag, in flight, parked).</summary>
[Description("Show a webhook's checkpoint, lag, in-flight and parked events.")]
internal sealed class WebhookStatusCommand : EvcCommand<WebhookSettings>
{
    protected override async Task RunAsync(Connection connection, Output output, WebhookSettings settings, CancellationToken ct)
    {
        var status = await connection.Client.GetWebhookStatusAsync(settings.Topic, settings.Name, ct)
            ?? throw CliException.NotFound($"No webhook {settings.Name} on topic {settings.Topic}.");
        ConsumerStatusView.Show(output, settings.Topic, "webhook", settings.Name, status);
    }
}
