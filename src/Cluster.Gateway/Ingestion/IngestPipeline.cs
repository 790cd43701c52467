using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Messages.Streams;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Ingestion;

/// <summary>
/// <c>POST /ingest</c>: an Akka.Streams pipeline from the NDJSON request body to the shard region.
/// Lines are parsed as they arrive, consecutive lines of the same stream are grouped into one
/// append, each append passes the <see cref="AppendGate"/> as every other append does (at most
/// <see cref="GatewayOptions.IngestRequestParallelism"/> of this request's at once), and the answers are
/// written back in input order as the appends complete. The body is pulled only as
/// the pipeline has room, so it is read no faster than the cluster stores it and memory stays
/// bounded whatever its size. A bad line fails alone.
/// </summary>
public sealed class IngestPipeline(ActorSystem system, AppendGate gate, IOptions<GatewayOptions> options)
{
    private const int MaxGroupLines = 500;
    private static readonly TimeSpan GroupWindow = TimeSpan.FromMilliseconds(2);
    private readonly GatewayOptions _options = options.Value;
    private readonly IMaterializer _materializer = system.Materializer();

    public async Task RunAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = null; // streamed: no size limit, memory is bounded by the pipeline
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-ndjson";
        await context.Response.StartAsync(ct);

        var maxLine = _options.EffectiveMaxIngestLineBytes;
        await Source.From(() => NdjsonLines.ReadAsync(context.Request.BodyReader, maxLine, ct))
            .Select(line => Parse(line, context))
            .GroupedWithin(MaxGroupLines, GroupWindow)
            .SelectMany(SplitIntoAppends)
            .SelectAsync(_options.IngestRequestParallelism, group => AppendAsync(group, ct))
            .RunWith(Sink.ForEachAsync<IReadOnlyList<byte[]>>(1, answers => WriteAsync(context.Response, answers, ct)), _materializer);
        await context.Response.CompleteAsync();
    }

    private IngestLine Parse(NdjsonLine line, HttpContext context)
    {
        if (line.Error is not null)
        {
            return new IngestLine(line.Number, null, null, line.Error);
        }

        var (stream, e, error) = EventBatchParser.ParseIngestLine(line.Bytes, _options.MaxEventBytes);
        if (error is null && !ApiKeyMiddleware.Allows(context, Right.Publish, StreamNames.TopicOf(stream!)))
        {
            // With API keys, each line needs the publish right on its own stream's topic.
            return new IngestLine(line.Number, null, null, $"This key lacks the publish right on topic {StreamNames.TopicOf(stream!)}.");
        }

        return new IngestLine(line.Number, stream, e, error);
    }

    /// <summary>Runs of consecutive valid lines of one stream become one append; a bad line stands alone.</summary>
    private static IEnumerable<IReadOnlyList<IngestLine>> SplitIntoAppends(IEnumerable<IngestLine> lines)
    {
        var run = new List<IngestLine>();
        foreach (var line in lines)
        {
            if (run.Count > 0 && (!line.IsValid || !run[0].IsValid || line.Stream != run[0].Stream))
            {
                yield return run;
                run = [];
            }

            run.Add(line);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private async Task<IReadOnlyList<byte[]>> AppendAsync(IReadOnlyList<IngestLine> group, CancellationToken ct)
    {
        if (!group[0].IsValid)
        {
            return [IngestAnswers.Failed(group[0].Number, group[0].Error!)];
        }

        var command = new AppendEvents(group[0].Stream!, ExpectedVersion.Any, group.Select(l => l.Event!).ToList());
        var outcome = await gate.SubmitAsync(command, ct);
        switch (outcome.Reply)
        {
            case EventsAppended a:
                return Sequences(group, a.FirstSequence);
            case AppendDeduplicated d:
                return Sequences(group, d.FirstSequence);
            case AppendRejected when group.Count > 1:
                // Something in the group conflicts (e.g. an id stored or repeated): settle each line alone.
                var answers = new List<byte[]>(group.Count);
                foreach (var line in group)
                {
                    answers.AddRange(await AppendAsync([line], ct));
                }

                return answers;
            default:
                var error = Describe(outcome);
                return group.Select(l => IngestAnswers.Failed(l.Number, error)).ToList();
        }
    }

    private static IReadOnlyList<byte[]> Sequences(IReadOnlyList<IngestLine> group, long first) =>
        group.Select((l, i) => IngestAnswers.Stored(l.Stream!, first + i)).ToList();

    private static string Describe(AppendOutcome outcome) => outcome switch
    {
        { IsOverloaded: true } => outcome.OverloadReason + " Retrying the line with its eventId is safe.",
        { IsTimedOut: true } => "The stream did not answer in time; the line may or may not be stored (retrying with its eventId is safe).",
        { Reply: AppendRejected r } => r.Reason,
        { Reply: AppendFailed f } => f.Reason + " Nothing was stored.",
        _ => $"Unexpected answer {outcome.Reply?.GetType().Name}.",
    };

    private static async Task WriteAsync(HttpResponse response, IReadOnlyList<byte[]> answers, CancellationToken ct)
    {
        foreach (var answer in answers)
        {
            await response.Body.WriteAsync(answer, ct);
        }

        await response.Body.FlushAsync(ct);
    }
}

/// <summary>Maps <c>POST /ingest</c>.</summary>
public static class IngestEndpoint
{
    public static void MapIngest(this IEndpointRouteBuilder app) =>
        app.MapPost("/ingest", (HttpContext context, IngestPipeline pipeline) => pipeline.RunAsync(context))
            .WithPublishRateLimit(app)
            .Requires(Right.Publish, TopicFrom.Endpoint);
}
