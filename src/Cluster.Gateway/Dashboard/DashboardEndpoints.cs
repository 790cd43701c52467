using Cluster.Gateway.Http;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;
using Cluster.Node.Reads;
using Messages.Streams;

namespace Cluster.Gateway.Dashboard;

/// <summary>
/// The dashboard: <c>GET /</c> serves the static pages (wwwroot, no build step), with API keys after
/// the sign-in page (<see cref="DashboardSession"/>). The pages listen to the snapshot feed
/// (<see cref="DashboardFeed"/>), read through <see cref="DashboardApi"/>, and start a topic's live
/// tail at <c>GET /dashboard/topics/{topic}/head</c>.
/// </summary>
internal static class DashboardEndpoints
{
    public static void MapDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // Revalidate on every load, so a new build's page is never mixed with an old script.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapDashboardSession();
        app.MapDashboardApi();
        app.MapGet("/dashboard/stream", DashboardFeed.StreamAsync).Requires(Right.Subscribe, TopicFrom.Endpoint)
            .WithMetadata(new DashboardRoute())
            .WithTags("Dashboard")
            .WithSummary("The dashboard's feed: one snapshot event per second (cluster, rates, busiest topics, groups), limited to what the key may see.")
            .Produces<string>(StatusCodes.Status200OK, ApiMediaTypes.EventStream);
        app.MapGet("/dashboard/topics/{topic}/head", async (string topic, JournalReader journal, CancellationToken ct) =>
            StreamNames.IsValidTopic(topic)
                ? Results.Ok(new TopicHead(topic, await journal.TopicHeadAsync(topic, ct)))
                : Problems.InvalidTopic()).Requires(Right.Subscribe, TopicFrom.TopicRoute)
            .WithMetadata(new DashboardRoute())
            .WithTags("Dashboard")
            .WithSummary("The offset of a topic's newest event, where the dashboard's live view starts.")
            .Produces<TopicHead>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
