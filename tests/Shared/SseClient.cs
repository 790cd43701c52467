using System.Text;

namespace Cluster.Tests.Shared;

/// <summary>One server-sent message: an event (id, event, data) or a comment line.</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment);

/// <summary>A minimal text/event-stream reader over a live HTTP response.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _stop = new();

    private SseClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> ConnectAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseClient(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next message or comment, or a timeout failure.</summary>
    public async Task<SseMessage> NextAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cts.CancelAfter(timeout);
        string? id = null, type = null;
        StringBuilder? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token)
                ?? throw new EndOfStreamException("The server closed the event stream.");
            if (line.Length == 0)
            {
                if (data is not null || id is not null)
                {
                    return new SseMessage(id, type, data?.ToString(), null);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                return new SseMessage(null, null, null, line[1..].Trim());
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                    break;
            }
        }
    }

    /// <summary>The next event, skipping comments.</summary>
    public async Task<SseMessage> NextEventAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var message = await NextAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
            if (message.Comment is null)
            {
                return message;
            }
        }
    }

    /// <summary>Waits until the server closes the stream, failing on an event or a timeout.</summary>
    public async Task AssertEndedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            try
            {
                var message = await NextAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
                if (message.Comment is null)
                {
                    throw new InvalidOperationException($"Expected the stream to end, got event {message.Id}.");
                }
            }
            catch (EndOfStreamException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _reader.Dispose();
        _response.Dispose();
        _stop.Dispose();
    }
}
