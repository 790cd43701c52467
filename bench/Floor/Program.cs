using System.Text.Json;

// The same route, body and answer as the gateway's append, minus everything that stores:
// read the body, parse it (one event object or an array of them, each with a "type"), answer 201;
// and POST /ingest's NDJSON lines, each parsed and answered (IngestFloor).
// With the setting durable=FILE (--durable FILE, or the environment; the durable floor): also
// append the body to FILE and sync it before the 201 (DurableLog: group commit, one fsync per
// group), the least any store must do for a 201 that survives a power loss, as the product's
// default (SQLite synchronous = FULL) promises.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var durablePath = builder.Configuration["durable"];
await using var log = durablePath is null ? null : new DurableLog(durablePath);
var app = builder.Build();
long sequence = 0;

app.MapPost("/streams/{stream}", async (string stream, HttpRequest request) =>
{
    // The durable floor keeps the body's bytes to write them; the plain floor parses as it reads.
    var body = log is null ? ReadOnlyMemory<byte>.Empty : await RequestBody.ReadAsync(request);
    using var document = log is null ? await JsonDocument.ParseAsync(request.Body) : JsonDocument.Parse(body);
    var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : 1;
    foreach (var e in document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray() : Enumerable.Repeat(document.RootElement, 1))
    {
        if (!e.TryGetProperty("type", out _))
        {
            return Results.BadRequest();
        }
    }

    if (log is not null)
    {
        await log.AppendAsync(body);
    }

    var last = Interlocked.Add(ref sequence, events);
    return Results.Created($"/streams/{stream}?from={last - events + 1}", new Appended(stream, last - events + 1, last));
});

app.MapPost("/ingest", (HttpContext context) => IngestFloor.HandleAsync(context, log));

app.Run();

internal sealed record Appended(string Stream, long FirstSequence, long LastSequence);
