using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cluster.Gateway.Streams;
using Cluster.Node.Reads;

namespace Cluster.Gateway.Subscriptions;

/// <summary>
/// Formats server-sent events: <c>id</c>, <c>event</c> (the event type) and the event-as-read JSON on
/// one <c>data</c> line; or a named event of any JSON value (<see cref="Add{T}"/>).
/// </summary>
/// <param name="dataOf">Writes an event's <c>data</c> line in another form (e.g. a structured CloudEvent); null: the event as read.</param>
internal sealed class EventStreamWriter(HttpResponse response, Func<StoredEvent, ReadOnlyMemory<byte>>? dataOf = null)
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    public async Task StartAsync(CancellationToken ct)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.WriteAsync(": subscribed\n\n"u8.ToArray(), ct);
        await response.Body.FlushAsync(ct);
    }

    public void Add(long id, StoredEvent stored) => Add(id.ToString(CultureInfo.InvariantCulture), stored);

    public void Add(string id, StoredEvent stored)
    {
        Append("id: ");
        Append(id);
        Append("\nevent: ");
        Append(stored.Event.Type);
        Append("\ndata: ");
        if (dataOf is not null)
        {
            _buffer.Write(dataOf(stored).Span); // compact JSON, one line
        }
        else
        {
            using var json = new Utf8JsonWriter(_buffer);

            // The writer escapes control characters, so the JSON stays on one line.
            EventJson.Write(json, stored);
        }

        Append("\n\n");
    }

    /// <summary>An <c>event: <paramref name="name"/></c> message without id, its data <paramref name="value"/> as JSON.</summary>
    public void Add<T>(string name, T value, JsonSerializerOptions options)
    {
        Append("event: ");
        Append(name);
        Append("\ndata: ");
        using (var json = new Utf8JsonWriter(_buffer))
        {
            JsonSerializer.Serialize(json, value, options);
        }

        Append("\n\n");
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        await response.Body.WriteAsync(_buffer.WrittenMemory, ct);
        await response.Body.FlushAsync(ct);
        _buffer.ResetWrittenCount();
    }

    public async Task KeepAliveAsync(CancellationToken ct)
    {
        await response.Body.WriteAsync(KeepAlive, ct);
        await response.Body.FlushAsync(ct);
    }

    private void Append(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
