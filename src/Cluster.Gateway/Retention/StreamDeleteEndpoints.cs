using Akka.Actor;
using Akka.Hosting;
using Cluster.Gateway.Http;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;
using Cluster.Gateway.Streams;
using Cluster.Node.Streams;
using Messages.Streams;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Retention;

/// <summary>
/// <c>DELETE /streams/{stream}</c> (soft, or a tombstone with <c>?hard=true</c>) and
/// <c>POST /streams/{stream}/truncate</c>: asked of the stream's entity, which decides them in order
/// with the appends around them and answers once the change is durable.
/// </summary>
internal static class StreamDeleteEndpoints
{
    public static void MapStreamDeletes(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/streams/{stream}", (string stream, HttpContext context, IRequiredActor<StreamRegion> region, IOptions<GatewayOptions> options) =>
            DeleteAsync(stream, context, region.ActorRef, options))
            .Requires(Right.Admin, TopicFrom.StreamRoute)
            .WithTags("Streams")
            .WithSummary("Delete a stream: its events stop being readable; a later append recreates it, numbering on. With hard=true, a tombstone: the name is gone for good.")
            .WithQuery("hard", "true: a tombstone (reads and appends answer 410 from then on). Default false.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesStreamChangeProblems();
        app.MapPost("/streams/{stream}/truncate", (string stream, HttpContext context, IRequiredActor<StreamRegion> region, IOptions<GatewayOptions> options) =>
            TruncateAsync(stream, context, region.ActorRef, options))
            .Requires(Right.Admin, TopicFrom.StreamRoute)
            .WithTags("Streams")
            .WithSummary("Truncate a stream: events with a sequence below before stop being readable; the version is unchanged.")
            .WithRequestBody<TruncateRequest>(ApiMediaTypes.Json)
            .Produces<TruncateResult>(StatusCodes.Status200OK)
            .ProducesStreamChangeProblems();
    }

    private static RouteHandlerBuilder ProducesStreamChangeProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    private static async Task<IResult> DeleteAsync(string stream, HttpContext context, IActorRef region, IOptions<GatewayOptions> options)
    {
        if (!StreamNames.IsValidName(stream))
        {
            return Problems.InvalidStreamName();
        }

        var hard = context.Request.Query["hard"].ToString();
        if (hard is not ("" or "true" or "false"))
        {
            return Problems.BadRequest("hard must be true or false.");
        }

        var change = hard == "true" ? LifecycleChange.HardDelete : LifecycleChange.SoftDelete;
        return await ChangeAsync(region, new ChangeStreamLifecycle(stream, change), context, options, _ => Results.NoContent());
    }

    private static async Task<IResult> TruncateAsync(string stream, HttpContext context, IActorRef region, IOptions<GatewayOptions> options)
    {
        if (!StreamNames.IsValidName(stream))
        {
            return Problems.InvalidStreamName();
        }

        var (before, error) = RetentionRequests.ParseTruncate(await RequestBody.ReadAsync(context, 4096, context.RequestAborted));
        if (error is not null)
        {
            return Problems.BadRequest(error);
        }

        return await ChangeAsync(region, new ChangeStreamLifecycle(stream, LifecycleChange.Truncate, before), context, options, changed =>
            Results.Ok(new TruncateResult(stream, changed.Version, changed.ReadableFrom)));
    }

    private static async Task<IResult> ChangeAsync(
        IActorRef region, ChangeStreamLifecycle command, HttpContext context, IOptions<GatewayOptions> options, Func<StreamLifecycleChanged, IResult> done)
    {
        return await EdgeAsk.AskAsync(region, command, options.Value.AppendTimeout, context.RequestAborted) switch
        {
            null => Problems.Timeout($"Stream '{command.Stream}' did not answer in time; the change may or may not be made. Sending it again is safe."),
            StreamLifecycleChanged changed => done(changed),
            StreamNotFound => Problems.NotFound($"Stream '{command.Stream}' has no events."),
            StreamGone => Problems.Gone(command.Stream),
            StreamOverloaded o => Problems.Overloaded(context, options.Value.OverloadRetryAfterSeconds, $"Stream '{o.Stream}' has {o.QueuedAppends} requests waiting; try again shortly."),
            AppendFailed f => Problems.Create(StatusCodes.Status503ServiceUnavailable, "Storage failed", f.Reason + " Nothing was changed; sending it again is safe."),
            var reply => Problems.Create(StatusCodes.Status503ServiceUnavailable, "Stream unavailable", $"Unexpected answer {reply.GetType().Name}."),
        };
    }
}
