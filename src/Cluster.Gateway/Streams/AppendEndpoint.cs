using System.Buffers;
using Cluster.Gateway.CloudEvents;
using Cluster.Gateway.Http;
using Cluster.Gateway.Ingestion;
using Messages.Streams;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;
using Cluster.Gateway.Tracing;

namespace Cluster.Gateway.Streams;

/// <summary><c>POST /streams/{stream}</c>: validate, hand to the ingestion pipeline, answer after the journal commit.</summary>
internal static class AppendEndpoint
{
    public const string RateLimitPolicy = "publish";

    public static void MapAppend(this IEndpointRouteBuilder app) =>
        app.MapPost("/streams/{stream}", AppendAsync).WithPublishRateLimit(app).Requires(Right.Publish, TopicFrom.StreamRoute)
            .WithTags("Streams")
            .WithSummary("Append one event, or an atomic batch, to a stream.")
            .WithDescription("201 once the journal committed. Re-sending stored eventIds at the same positions is 200 with the original sequences and stores nothing. " +
                "CloudEvents are taken in all three modes of their HTTP binding: structured, batched, and binary (ce-* headers, the body being the data); (source, id) is the idempotency key.")
            .WithHeader("Expected-Version", "any (default), none, exists, or the stream's last sequence N.")
            .WithHeader("X-Correlation-Id", "Stored in each event's metadata as correlationId (unless the event sets it).")
            .WithHeader("X-Causation-Id", "Stored in each event's metadata as causationId (unless the event sets it).")
            .WithHeader("traceparent", "W3C trace context: the append's span is its child, and each event's metadata.traceparent carries the append's context (unless the event sets it).")
            .WithHeader("tracestate", "W3C trace state, kept with the traceparent.")
            .WithOneOrManyRequestBody<EventToWrite>(ApiMediaTypes.Json)
            .WithRequestBody<StructuredCloudEvent>(ApiMediaTypes.CloudEvent)
            .WithRequestBody<StructuredCloudEvent[]>(ApiMediaTypes.CloudEventBatch)
            .Produces<AppendResult>(StatusCodes.Status201Created)
            .Produces<AppendResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    private static async Task<IResult> AppendAsync(
        string stream,
        HttpContext context,
        AppendGate gate,
        IOptions<GatewayOptions> options,
        CancellationToken ct)
    {
        if (!StreamNames.IsValidName(stream))
        {
            return Problems.InvalidStreamName();
        }

        // From here to the commit's answer, when something listens.
        using var span = AppendTrace.Start(context.Request, stream);

        if (!ExpectedVersion.TryParse(context.Request.Headers["Expected-Version"].ToString(), out var expected))
        {
            return Problems.BadRequest("Expected-Version must be any, none, exists or a non-negative integer.");
        }

        var (correlation, causation, headerError) = CorrelationHeaders.Read(context.Request);
        if (headerError is not null)
        {
            return Problems.BadRequest(headerError);
        }

        var body = await RequestBody.ReadAsync(context, options.Value.MaxRequestBytes, ct);
        if (body.TooLarge)
        {
            return Problems.TooLarge($"The request body is larger than {options.Value.MaxRequestBytes} bytes.");
        }

        var parsed = CloudEventRequests.IsCloudEvents(context.Request)
            ? await CloudEventRequests.ParseAsync(context.Request, body.Bytes, options.Value.MaxEventBytes, options.Value.MaxBatchEvents)
            : EventBatchParser.Parse(body.Bytes, options.Value.MaxEventBytes, options.Value.MaxBatchEvents);
        if (parsed.Events is null)
        {
            return parsed.ErrorStatus switch
            {
                StatusCodes.Status413PayloadTooLarge => Problems.TooLarge(parsed.Error!),
                StatusCodes.Status415UnsupportedMediaType => Problems.UnsupportedMediaType(parsed.Error!),
                _ => Problems.BadRequest(parsed.Error!),
            };
        }

        List<KeyValuePair<string, string>>? metadata = null;
        CorrelationHeaders.AddTo(ref metadata, correlation, causation);
        AppendTrace.AddTo(ref metadata, span, context.Request);
        var events = MetadataDefaults.Apply(parsed.Events, metadata);
        var outcome = await gate.SubmitAsync(new AppendEvents(stream, expected, events) { TraceParent = span?.Id }, ct);
        if (outcome.IsOverloaded)
        {
            return Problems.Overloaded(context, options.Value.OverloadRetryAfterSeconds, outcome.OverloadReason);
        }

        return outcome.IsTimedOut
            ? Problems.Timeout("The stream did not answer in time; the append may or may not be stored. Retrying with the same eventIds is safe.")
            : ToResult(outcome.Reply!);
    }

    private static IResult ToResult(IAppendReply reply) => reply switch
    {
        EventsAppended a => Results.Created(
            $"/streams/{Uri.EscapeDataString(a.Stream)}?from={a.FirstSequence}",
            new AppendResult(a.Stream, a.FirstSequence, a.LastSequence)),
        AppendDeduplicated d => Results.Ok(new AppendResult(d.Stream, d.FirstSequence, d.LastSequence)),
        WrongExpectedVersion w => Problems.Conflict(
            "Wrong expected version",
            $"Expected version {w.Expected}, but the stream is at version {w.CurrentVersion}.",
            w.CurrentVersion),
        AppendRejected r => Problems.Conflict("Append rejected", r.Reason, r.CurrentVersion),
        AppendFailed f => Problems.StorageFailed(f.Reason),
        StreamGone g => Problems.Gone(g.Stream),
        _ => throw new InvalidOperationException($"Unexpected append reply {reply.GetType()}."),
    };
}

/// <summary>Reads a request body into one array, refusing more than a limit.</summary>
internal static class RequestBody
{
    public readonly record struct Result(ReadOnlyMemory<byte> Bytes, bool TooLarge);

    public static async Task<Result> ReadAsync(HttpContext context, long maxBytes, CancellationToken ct)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return new Result(default, true);
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = null; // enforced below, with a problem+json answer
        }

        using var buffer = new MemoryStream(context.Request.ContentLength is > 0 and var n ? (int)n : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024); // not a fresh 16 KiB per request
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return new Result(default, true);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new Result(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), false);
    }
}
