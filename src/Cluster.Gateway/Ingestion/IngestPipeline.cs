using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Messages.Streams;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Ingestion;

/// <summary>
/// <c>POST /ingest</c>: an Akka.Streams pipeline from the NDJSON request body to the shard region.
/// Lines are parsed as they arrive and taken in chunks (up to <see cref="ChunkLines"/> lines, or what
/// arrived within <see cref="ChunkWindow"/>). The valid lines of a chunk become one append per stream
/// (its lines in input order), and the chunk's appends pass the <see cref="AppendGate"/> together, as
/// every other append does: one admission, one reply path and one wake-up per chunk, not per stream.
/// At most <see cref="GatewayOptions.IngestRequestParallelism"/> of the request's lines are at the
/// gate at once. The answers are written back in input order as the chunks complete. The body is
/// pulled only as the pipeline has room, so it is read no faster than the cluster stores it and
/// memory stays bounded whatever its size. A bad line fails alone.
/// </summary>
internal sealed class IngestPipeline(ActorSystem system, AppendGate gate, IOptions<GatewayOptions> options)
{
    private const int ChunkLines = 128;
    private static readonly TimeSpan ChunkWindow = TimeSpan.FromMilliseconds(2);
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
        var chunksAtOnce = Math.Max(1, _options.IngestRequestParallelism / ChunkLines);
        await Source.From(() => NdjsonLines.ReadAsync(context.Request.BodyReader, maxLine, ct))
            .Select(line => Parse(line, context))
            .GroupedWithin(ChunkLines, ChunkWindow)
            .SelectAsync(chunksAtOnce, chunk => AppendChunkAsync(chunk.ToList(), ct))
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

    /// <summary>Stores a chunk's valid lines as one append per stream, all at the gate together; the answers in input order.</summary>
    private async Task<IReadOnlyList<byte[]>> AppendChunkAsync(IReadOnlyList<IngestLine> chunk, CancellationToken ct)
    {
        var answers = new byte[chunk.Count][];
        var runs = new Dictionary<string, List<int>>(StringComparer.Ordinal); // stream -> its lines' positions in the chunk
        for (var i = 0; i < chunk.Count; i++)
        {
            if (!chunk[i].IsValid)
            {
                answers[i] = IngestAnswers.Failed(chunk[i].Number, chunk[i].Error!);
            }
            else if (runs.TryGetValue(chunk[i].Stream!, out var positions))
            {
                positions.Add(i);
            }
            else
            {
                runs.Add(chunk[i].Stream!, [i]);
            }
        }

        var streams = runs.Values.ToList();
        var appends = streams.Select(positions => AppendOf(chunk, positions)).ToList();
        var outcomes = await gate.SubmitAllAsync(appends, ct);
        for (var s = 0; s < streams.Count; s++)
        {
            await AnswerAsync(chunk, streams[s], outcomes[s], answers, ct);
        }

        return answers;
    }

    private static AppendEvents AppendOf(IReadOnlyList<IngestLine> chunk, List<int> positions) =>
        new(chunk[positions[0]].Stream!, ExpectedVersion.Any, positions.Select(i => chunk[i].Event!).ToList());

    /// <summary>Fills the answers of one stream's lines from its append's outcome.</summary>
    private async Task AnswerAsync(IReadOnlyList<IngestLine> chunk, List<int> positions, AppendOutcome outcome, byte[][] answers, CancellationToken ct)
    {
        switch (outcome.Reply)
        {
            case EventsAppended a:
                Sequences(chunk, positions, a.FirstSequence, answers);
                return;
            case AppendDeduplicated d:
                Sequences(chunk, positions, d.FirstSequence, answers);
                return;
            case AppendRejected when positions.Count > 1:
                // Something in the append conflicts (e.g. an id stored or repeated): settle each line alone.
                foreach (var position in positions)
                {
                    await AnswerAsync(chunk, [position], await gate.SubmitAsync(AppendOf(chunk, [position]), ct), answers, ct);
                }

                return;
            default:
                var error = Describe(outcome);
                foreach (var position in positions)
                {
                    answers[position] = IngestAnswers.Failed(chunk[position].Number, error);
                }

                return;
        }
    }

    private static void Sequences(IReadOnlyList<IngestLine> chunk, List<int> positions, long first, byte[][] answers)
    {
        for (var i = 0; i < positions.Count; i++)
        {
            answers[positions[i]] = IngestAnswers.Stored(chunk[positions[i]].Stream!, first + i);
        }
    }

    private static string Describe(AppendOutcome outcome) => outcome switch
    {
        { IsOverloaded: true } => outcome.OverloadReason + " Retrying the line with its eventId is safe.",
        { IsTimedOut: true } => "The stream did not answer in time; the line may or may not be stored (retrying with its eventId is safe).",
        { Reply: AppendRejected r } => r.Reason,
        { Reply: AppendFailed f } => f.Reason + " Nothing was stored.",
        { Reply: StreamGone g } => $"Stream '{g.Stream}' was deleted for good; nothing was stored.",
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
internal static class IngestEndpoint
{
    public static void MapIngest(this IEndpointRouteBuilder app) =>
        app.MapPost("/ingest", (HttpContext context, IngestPipeline pipeline) => pipeline.RunAsync(context))
            .WithPublishRateLimit(app)
            .Requires(Right.Publish, TopicFrom.Endpoint)
            .WithTags("Streams")
            .WithSummary("Bulk ingest: one event per NDJSON line, each to its own stream, read with backpressure.")
            .WithDescription("The answer streams one NDJSON line per input line, in input order: {stream, sequence} when stored, {line, error} when not. A bad line fails alone. A client must read the answer while it sends.")
            .WithRequestBody<IngestLineToWrite>(ApiMediaTypes.Ndjson)
            .Produces<IngestLineAnswer>(StatusCodes.Status200OK, ApiMediaTypes.Ndjson)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
