using System.Net.Http.Headers;
using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Cluster.Node.Reads;
using Cluster.Node.Telemetry;
using Messages.Groups;
using StandardWebhooks;

namespace Cluster.Node.Webhooks;

/// <summary>
/// The one member of a webhook's group, a child of its <see cref="Groups.GroupEntity"/>: POSTs each
/// delivery as the event-as-read JSON with its Standard Webhooks signature, then acks it after a 2xx, or gives it back
/// with the next backoff delay after anything else. The group hands it at most the webhook's
/// <c>maxInFlight</c> deliveries at once and, in stream order, one per stream, so a slow receiver
/// slows delivery instead of growing memory.
/// </summary>
/// <remarks>
/// Acks go to the group one batch at a time: those that succeed while a batch is being persisted go
/// together in the next, so a fast receiver costs one checkpoint write per batch rather than per
/// event. Nacks go at once, from nobody, so every answer this actor gets is its ack batch's.
/// </remarks>
public sealed class WebhookDispatcher : ReceiveActor
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue CloudEventContentType = new(CloudEventForm.MediaType) { CharSet = "utf-8" };
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<string> _acks = [];
    private bool _ackInFlight;

    public WebhookDispatcher(string topic, string name, WebhookTarget target, TimeSpan requestTimeout, WebhookSender sender, WebhookOptions options)
    {
        var signer = new StandardWebhook(WebhookSecret.KeyOf(target.Secret));
        var contentType = target.Format == WebhookFormat.CloudEvents ? CloudEventContentType : JsonContentType;

        // webhook-id is the event's id: stable across attempts and failovers, unique per event.
        Receive<GroupDelivery>(delivery =>
            sender.PostAsync(target.Url, signer, BodyOf(delivery, target.Format), contentType, Tracing.StoredContextOf(delivery.Event.Metadata), delivery.Event.EventId.ToString(), delivery.DeliveryId, delivery.Attempt, requestTimeout, _stopping.Token)
                .PipeTo(Self, success: outcome => new Posted(delivery, outcome), failure: e => new Posted(delivery, new WebhookOutcome(false, e.Message))));
        Receive<Posted>(posted =>
        {
            var (delivery, outcome) = (posted.Delivery, posted.Outcome);
            if (outcome.Delivered)
            {
                _acks.Add(delivery.DeliveryId);
                SendAcks(topic, name);
                return;
            }

            var wait = options.BackoffAfter(delivery.Attempt);
            ClusterMetrics.WebhookFailures.Add(1, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("webhook", name));
            _log.Warning(
                "Webhook {0} of topic {1}: POST of offset {2} (attempt {3}) failed: {4}; next try in {5} ms unless that was the last",
                name, topic, delivery.Offset, delivery.Attempt, outcome.Detail, (long)wait.TotalMilliseconds);
            Context.Parent.Tell(new SettleDeliveries(topic, name, [delivery.DeliveryId], Ack: false) { RetryAfter = wait }, ActorRefs.Nobody);
        });
        Receive<DeliveriesSettled>(_ =>
        {
            _ackInFlight = false;
            SendAcks(topic, name);
        });
    }

    public static Props Props(string topic, string name, WebhookTarget target, TimeSpan requestTimeout, WebhookSender sender, WebhookOptions options) =>
        Akka.Actor.Props.Create(() => new WebhookDispatcher(topic, name, target, requestTimeout, sender, options));

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void SendAcks(string topic, string name)
    {
        if (_ackInFlight || _acks.Count == 0)
        {
            return;
        }

        _ackInFlight = true;
        Context.Parent.Tell(new SettleDeliveries(topic, name, [.. _acks], Ack: true));
        _acks.Clear();
    }

    /// <summary>The event as read, or (<c>format: "cloudevents"</c>) a structured-mode CloudEvent with its topic offset.</summary>
    private static byte[] BodyOf(GroupDelivery d, WebhookFormat format)
    {
        if (format == WebhookFormat.CloudEvents)
        {
            return CloudEventForm.Structured(new StoredEvent(d.Stream, d.Sequence, d.Offset, d.Event), withOffset: true).ToArray();
        }

        using var buffer = new MemoryStream(d.Event.Data.Length + d.Event.Metadata.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            EventJson.Write(writer, new StoredEvent(d.Stream, d.Sequence, d.Offset, d.Event));
        }

        return buffer.ToArray();
    }

    private sealed record Posted(GroupDelivery Delivery, WebhookOutcome Outcome);
}
