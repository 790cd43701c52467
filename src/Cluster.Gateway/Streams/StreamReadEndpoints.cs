using Cluster.Gateway.CloudEvents;
using Cluster.Gateway.Http;
using Cluster.Node.Reads;
using Messages.Streams;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Streams;

/// <summary><c>GET /streams/{stream}</c> and <c>GET /streams/{stream}/info</c>, read from the journal (never from the entity).</summary>
internal static class StreamReadEndpoints
{
    public const int MaxLimit = 1000;

    public static void MapStreamReads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/streams/{stream}", ReadAsync).Requires(Right.Subscribe, TopicFrom.StreamRoute)
            .WithTags("Streams")
            .WithSummary("Read a page of a stream, in sequence order.")
            .WithQuery("from", "First sequence to read (default 1).")
            .WithQuery("limit", $"Most events in the page (default 100, at most {MaxLimit}).")
            .WithDescription("With Accept: application/cloudevents-batch+json, a JSON array of structured CloudEvents instead, the next page in a Link header.")
            .Produces<StreamPage>(StatusCodes.Status200OK)
            .AlsoProduces<StructuredCloudEvent[]>(StatusCodes.Status200OK, CloudEventForm.BatchMediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        app.MapGet("/streams/{stream}/info", InfoAsync).Requires(Right.Subscribe, TopicFrom.StreamRoute)
            .WithTags("Streams")
            .WithSummary("A stream's topic and version (its last sequence).")
            .Produces<StreamInfo>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
    }

    private static async Task<IResult> ReadAsync(string stream, HttpRequest request, JournalReader journal, CancellationToken ct)
    {
        if (!StreamNames.IsValidName(stream))
        {
            return Problems.InvalidStreamName();
        }

        if (!QueryParameters.TryGetLong(request, "from", 1, 1, long.MaxValue, out var from, out var error)
            || !QueryParameters.TryGetLong(request, "limit", 100, 1, MaxLimit, out var limit, out error))
        {
            return Problems.BadRequest(error!);
        }

        // One extra row tells whether there is a next page without a second query.
        // An empty page is the one case that needs the stream's status: absent, deleted, or read past its end.
        var events = await journal.ReadStreamAsync(stream, from, (int)limit + 1, ct);
        if (events.Count == 0 && await journal.StreamStatusAsync(stream, ct) is var (version, lifecycle)
            && Problems.ForStreamStatus(stream, version, lifecycle) is { } absent)
        {
            return absent;
        }

        var page = events.Count > limit ? events.Take((int)limit).ToList() : events;
        long? next = events.Count > limit ? page[^1].Sequence + 1 : null;
        if (CloudEventResponses.Wanted(request))
        {
            return CloudEventResponses.Batch(page, withOffset: false, next is { } n ? $"/streams/{Uri.EscapeDataString(stream)}?from={n}&limit={limit}" : null);
        }

        return new JsonBody(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("stream", stream);
            EventJson.WriteArray(writer, "events", page);
            if (next is { } n)
            {
                writer.WriteNumber("next", n);
            }
            else
            {
                writer.WriteNull("next");
            }

            writer.WriteEndObject();
        });
    }

    private static async Task<IResult> InfoAsync(string stream, JournalReader journal, CancellationToken ct)
    {
        if (!StreamNames.IsValidName(stream))
        {
            return Problems.InvalidStreamName();
        }

        var (version, lifecycle) = await journal.StreamStatusAsync(stream, ct);
        return Problems.ForStreamStatus(stream, version, lifecycle) ?? Results.Ok(new StreamInfo(stream, StreamNames.TopicOf(stream), version));
    }
}
