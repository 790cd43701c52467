using Cluster.Gateway.Groups;
using Cluster.Gateway.OpenApi;

namespace Cluster.Gateway.Webhooks;

/// <summary>Webhooks: create, status, delete and parked events (<c>/topics/{topic}/webhooks/{name}</c>), as <see cref="WebhookKind"/> says.</summary>
internal static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app) => app.MapConsumer<WebhookDefinitionToWrite, WebhookDescription>(ConsumerKind.Webhook);
}
