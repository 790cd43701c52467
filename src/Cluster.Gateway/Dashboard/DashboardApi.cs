using Cluster.Gateway.Groups;
using Cluster.Gateway.Http;
using Cluster.Gateway.Security;
using Cluster.Gateway.Streams;
using Cluster.Gateway.Subscriptions;
using Cluster.Gateway.Topics;
using Cluster.Node.Membership;
using Messages.Streams;

namespace Cluster.Gateway.Dashboard;

/// <summary>
/// <c>/dashboard/api/…</c>: the API endpoints the dashboard's pages use (stream and topic reads,
/// subscriptions, group and webhook status, parked events and their replay, the cluster), the same
/// handlers and rights as the public ones, mapped a second time as <see cref="DashboardRoute"/>s so
/// that the session cookie is accepted there and nowhere else. Plus <c>GET /dashboard/api/session</c>
/// and <c>GET /dashboard/api/topics/{topic}/rights</c>, which tell the page what to offer.
/// </summary>
internal static class DashboardApi
{
    public const string Prefix = "/dashboard/api";

    public static void MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).WithMetadata(new DashboardRoute()).ExcludeFromDescription();
        api.MapStreamReads();
        api.MapTopicReads();
        api.MapSubscriptions();
        foreach (var kind in new[] { ConsumerKind.Group, ConsumerKind.Webhook })
        {
            api.MapConsumerStatus(kind);
            api.MapParked(kind);
        }

        api.MapClusterState().Requires(Right.Admin, TopicFrom.Cluster);
        api.MapGet("/session", (HttpContext context, ApiKeys keys) => Results.Ok(new DashboardSessionView(
                keys.Enabled,
                ApiKeyMiddleware.KeyOf(context)?.Id,
                ApiKeyMiddleware.Allows(context, Right.Admin, null),
                ApiKeyMiddleware.Allows(context, Right.Subscribe, StreamNames.AllTopic))))
            .Requires(Right.Subscribe, TopicFrom.Endpoint);
        api.MapGet("/topics/{topic}/rights", (string topic, HttpContext context) =>
                StreamNames.IsValidTopic(topic)
                    ? Results.Ok(new TopicRightsView(
                        topic,
                        [.. Enum.GetValues<Right>().Where(right => ApiKeyMiddleware.Allows(context, right, topic)).Select(right => right.ToString().ToLowerInvariant())]))
                    : Problems.InvalidTopic())
            .Requires(Right.Subscribe, TopicFrom.Endpoint);
    }
}

/// <param name="Keys">Whether the gateway has API keys (else there is no sign-in and everything is allowed).</param>
/// <param name="Key">The signed-in key's name (<c>key#2</c>), never the key.</param>
/// <param name="Cluster">Whether the key may see the cluster (<c>admin</c> on <c>*</c>).</param>
/// <param name="All">Whether the key may read <c>$all</c>.</param>
internal sealed record DashboardSessionView(bool Keys, string? Key, bool Cluster, bool All);

/// <summary>The rights the request's key has on a topic: <c>publish</c>, <c>subscribe</c>, <c>admin</c>.</summary>
internal sealed record TopicRightsView(string Topic, IReadOnlyList<string> Rights);
