using System.ComponentModel;
using EventCluster.Cli.Common;

namespace EventCluster.Cli.Webhooks;

/// <summary><c>evc webhook delete</c>: its deliveries stop and its checkpoint goes; none there exits with 2.</summary>
[Description("Delete a webhook.")]
internal sealed class WebhookDeleteCommand : EvcCommand<WebhookSettings>
{
    protected override async Task RunAsync(Connection connection, Output output, WebhookSettings settings, CancellationToken ct)
    {
        if (!await connection.Client.DeleteWebhookAsync(settings.Topic, settings.Name, ct))
        {
            throw CliException.NotFound($"No webhook {settings.Name} on topic {settings.Topic}.");
        }

        if (output.IsJson)
        {
            Output.Json(new { topic = settings.Topic, name = settings.Name, deleted = true });
        }
        else
        {
            Output.Line($"deleted webhook {settings.Name} on {settings.Topic}");
        }
    }
}
