using Akka.Hosting;
using Cluster.Gateway.Groups;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Cluster.Node.Webhooks;
using Messages.Groups;
using Messages.Streams;
using Microsoft.Extensions.Options;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Webhooks;

/// <summary>Webhooks: create, status and delete (<c>/topics/{topic}/webhooks/{name}</c>); parked events are in <see cref="ParkedEndpoints"/>.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        var kind = ConsumerKind.Webhook;
        app.MapPut("/topics/{topic}/webhooks/{name}", (string topic, string name, HttpContext context, IRequiredActor<WebhookRegion> region, IOptions<GatewayOptions> options) =>
            {
                var generated = false;
                return ConsumerEndpoints.CreateAsync(
                    kind,
                    topic,
                    name,
                    context,
                    region.ActorRef,
                    options,
                    body =>
                    {
                        var (definition, error, secretGenerated) = WebhookRequests.ParseDefinition(body);
                        generated = secretGenerated;
                        return (definition, error);
                    },
                    (d, created) => Describe(topic, name, d, showSecret: created && generated),
                    _ => $"Webhook {name} of topic {topic} exists with other settings; delete it first to change them.",
                    // Sent again without a secret: the same webhook if all else matches (its secret is not shown again).
                    (existing, requested) => generated && existing.Webhook is { } hook && existing with { Webhook = hook with { Secret = requested.Webhook!.Secret } } == requested);
            })
            .Requires(Right.Admin, TopicFrom.TopicRoute)
            .WithTags("Webhooks")
            .WithSummary("Create a webhook: every event of the topic is POSTed to url, signed, at least once, in per-stream order.")
            .DescribesConsumerCreate<WebhookDefinitionToWrite, WebhookDescription>("webhook");
        app.MapGet("/topics/{topic}/webhooks/{name}", (string topic, string name, IRequiredActor<WebhookRegion> region, IOptions<GatewayOptions> options, CancellationToken ct) =>
            ConsumerEndpoints.StatusAsync(kind, topic, name, region.ActorRef, options, ct)).Requires(Right.Admin, TopicFrom.TopicRoute)
            .WithTags("Webhooks")
            .WithSummary("A webhook's checkpoint, lag, deliveries in flight and parked events.")
            .DescribesConsumerAnswer<ConsumerStatus>();
        app.MapDelete("/topics/{topic}/webhooks/{name}", (string topic, string name, IRequiredActor<WebhookRegion> region, IOptions<GatewayOptions> options, CancellationToken ct) =>
            ConsumerEndpoints.DeleteAsync(kind, topic, name, region.ActorRef, options, ct)).Requires(Right.Admin, TopicFrom.TopicRoute)
            .WithTags("Webhooks")
            .WithSummary("Delete a webhook; its deliveries stop.")
            .DescribesConsumerDelete();
    }

    /// <summary>The webhook as created; the secret only once, in the answer that created it with a secret made here.</summary>
    private static WebhookDescription Describe(string topic, string name, GroupDefinition d, bool showSecret) => new(
        topic,
        name,
        d.Webhook!.Url,
        d.Webhook.MaxInFlight,
        d.MaxDeliveries,
        d.AckTimeoutSeconds,
        d.StartFrom == GroupStart.Earliest ? "earliest" : "latest",
        "stream",
        d.Webhook.Format == WebhookFormat.CloudEvents ? "cloudevents" : "event",
        showSecret ? d.Webhook.Secret : null);
}
