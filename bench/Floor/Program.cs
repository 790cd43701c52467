using System.Text.Json;

// The same route, body and answer as the gateway's append, minus everything that stores:
// read the body, parse it (one event object or an array of them, each with a "type"), answer 201.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
long sequence = 0;

app.MapPost("/streams/{stream}", async (string stream, HttpRequest request) =>
{
    using var document = await JsonDocument.ParseAsync(request.Body);
    var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : 1;
    foreach (var e in document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray() : Enumerable.Repeat(document.RootElement, 1))
    {
        if (!e.TryGetProperty("type", out _))
        {
            return Results.BadRequest();
        }
    }

    var last = Interlocked.Add(ref sequence, events);
    return Results.Created($"/streams/{stream}?from={last - events + 1}", new Appended(stream, last - events + 1, last));
});

app.Run();

internal sealed record Appended(string Stream, long FirstSequence, long LastSequence);
