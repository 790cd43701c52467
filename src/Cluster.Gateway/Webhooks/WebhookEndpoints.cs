using Akka.Hosting;
using Cluster.Gateway.Groups;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Cluster.Node.Webhooks;
using Messages.Groups;
using Messages.Streams;
using Microsoft.Extensions.Options;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Webhooks;

/// <summary>Webhooks: create, status and delete (<c>/topics/{topic}/webhooks/{name}</c>); parked events are in <see cref="ParkedEndpoints"/>.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        var kind = ConsumerKind.Webhook;
        app.MapPut("/topics/{topic}/webhooks/{name}", (string topic, string name, HttpContext context, IRequiredActor<WebhookRegion> region, IOptions<GatewayOptions> options) =>
            ConsumerEndpoints.CreateAsync(kind, topic, name, context, region.ActorRef, options, WebhookRequests.ParseDefinition, d => Describe(topic, name, d),
                _ => $"Webhook {name} of topic {topic} exists with other settings; delete it first to change them."))
            .Requires(Right.Admin, TopicFrom.TopicRoute);
        app.MapGet("/topics/{topic}/webhooks/{name}", (string topic, string name, IRequiredActor<WebhookRegion> region, IOptions<GatewayOptions> options, CancellationToken ct) =>
            ConsumerEndpoints.StatusAsync(kind, topic, name, region.ActorRef, options, ct)).Requires(Right.Admin, TopicFrom.TopicRoute);
        app.MapDelete("/topics/{topic}/webhooks/{name}", (string topic, string name, IRequiredActor<WebhookRegion> region, IOptions<GatewayOptions> options, CancellationToken ct) =>
            ConsumerEndpoints.DeleteAsync(kind, topic, name, region.ActorRef, options, ct)).Requires(Right.Admin, TopicFrom.TopicRoute);
    }

    /// <summary>The webhook as created; the secret is never echoed.</summary>
    private static object Describe(string topic, string name, GroupDefinition d) => new
    {
        topic,
        name,
        url = d.Webhook!.Url,
        maxInFlight = d.Webhook.MaxInFlight,
        maxDeliveries = d.MaxDeliveries,
        timeoutSeconds = d.AckTimeoutSeconds,
        startFrom = d.StartFrom == GroupStart.Earliest ? "earliest" : "latest",
        ordering = "stream",
    };
}
