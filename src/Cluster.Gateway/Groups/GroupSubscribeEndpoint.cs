using Akka.Actor;
using Akka.Hosting;
using Cluster.Gateway.Subscriptions;
using Cluster.Node.Groups;
using Cluster.Gateway.Http;
using Cluster.Node.Reads;
using Messages.Groups;
using Microsoft.Extensions.Options;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Groups;

/// <summary>
/// <c>GET /topics/{topic}/groups/{group}/subscribe</c>: joins the group as a member for as long as
/// the response lasts. Each delivery is an SSE message whose <c>id:</c> is the delivery id to ack
/// or nack. Disconnecting leaves the group; what the member held is redelivered to the others.
/// </summary>
internal static class GroupSubscribeEndpoint
{
    public static void MapGroupSubscribe(this IEndpointRouteBuilder app) =>
        app.MapGet("/topics/{topic}/groups/{group}/subscribe", SubscribeAsync).Requires(Right.Subscribe, TopicFrom.TopicRoute).IsSubscription()
            .WithTags("Consumer groups")
            .WithSummary("Join a group as a member for as long as the response lasts: server-sent deliveries to ack or nack.")
            .WithDescription("Each SSE message is one event as read (data:); its id: is the delivery id to ack or nack. Disconnecting leaves the group.")
            .Produces<EventAsRead>(StatusCodes.Status200OK, ApiMediaTypes.EventStream)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static readonly KeyValuePair<string, object?> GroupKind = new("kind", "group");

    private static async Task SubscribeAsync(
        string topic,
        string group,
        HttpContext context,
        ActorSystem system,
        GroupEntitySettings settings,
        IRequiredActor<GroupRegion> region,
        IOptions<GatewayOptions> options)
    {
        var ct = context.RequestAborted;
        if (GroupEndpoints.CheckNames(topic, group) is { } invalid)
        {
            await invalid.ExecuteAsync(context);
            return;
        }

        var channel = GroupMember.CreateChannel(settings.MaxInFlightPerMember);
        var firstJoin = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var regionRef = region.ActorRef;
        var member = system.ActorOf(Props.Create(() => new GroupMember(topic, group, regionRef, channel.Writer, firstJoin)));
        try
        {
            var joined = await firstJoin.Task.WaitAsync(options.Value.GroupAskTimeout, ct);
            if (joined is not GroupJoined)
            {
                await GroupEndpoints.NotFound(topic, group).ExecuteAsync(context);
                return;
            }

            var writer = new EventStreamWriter(context.Response);
            await writer.StartAsync(ct);
            GatewayMetrics.LiveSubscriptions.Add(1, GroupKind);
            try
            {
                await PumpAsync(channel.Reader, writer, options.Value.KeepAliveInterval, ct);
            }
            finally
            {
                GatewayMetrics.LiveSubscriptions.Add(-1, GroupKind);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (TimeoutException)
        {
            await GroupAsk.Timeout(topic, group).ExecuteAsync(context);
        }
        finally
        {
            region.ActorRef.Tell(new LeaveGroup(topic, group, member));
            system.Stop(member);
        }
    }

    private static async Task PumpAsync(System.Threading.Channels.ChannelReader<GroupDelivery> deliveries, EventStreamWriter writer, TimeSpan keepAlive, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(keepAlive);
            bool more;
            try
            {
                more = await deliveries.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await writer.KeepAliveAsync(ct);
                continue;
            }
            catch (InvalidOperationException)
            {
                return; // closed by the member: the client did not keep up
            }

            if (!more)
            {
                return; // the group was deleted
            }

            while (deliveries.TryRead(out var d))
            {
                // A span linked to the producer's trace, when something listens.
                using var span = Node.Telemetry.Tracing.StartDelivery("group.deliver", System.Diagnostics.ActivityKind.Producer, Node.Telemetry.Tracing.StoredContextOf(d.Event.Metadata), asChild: false);
                writer.Add(d.DeliveryId, new StoredEvent(d.Stream, d.Sequence, d.Offset, d.Event));
            }

            await writer.FlushAsync(ct);
        }
    }
}
