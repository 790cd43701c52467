using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace EventCluster.Client;

/// <summary>
/// Client of the gateway's HTTP API over a caller-owned <see cref="HttpClient"/> (its
/// <c>BaseAddress</c> is the gateway). Appends retry what may not have been stored (503, 429, 504,
/// connection failures) with backoff, reusing the same event ids, so a retry never stores twice.
/// Subscriptions are <see cref="IAsyncEnumerable{T}"/> that reconnect after a dropped connection
/// and resume after the last event they yielded.
/// </summary>
public sealed partial class EventClusterClient(HttpClient http, int maxAttempts = 5)
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Appends events to a stream, all or none, in order.</summary>
    /// <exception cref="WrongExpectedVersionException">409.</exception>
    /// <exception cref="EventClusterException">Any other refusal, or retries exhausted.</exception>
    public async Task<AppendResult> AppendAsync(string stream, IReadOnlyList<EventToAppend> events, ExpectedVersion? expected = null, CancellationToken ct = default)
    {
        // Ids are fixed before the first attempt: every retry sends the same ones.
        var body = JsonSerializer.SerializeToUtf8Bytes(events.Select(e => new Dictionary<string, object?>
        {
            ["eventId"] = e.EventId ?? Guid.NewGuid(),
            ["type"] = e.Type,
            ["data"] = e.Data,
            ["metadata"] = e.Metadata,
        }).ToList());

        return await SendAppendAsync(stream, () => new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } }, expected, ct);
    }

    /// <summary>POSTs an append (the same content on every attempt), retrying what may not have been stored.</summary>
    private async Task<AppendResult> SendAppendAsync(string stream, Func<HttpContent> content, ExpectedVersion? expected, CancellationToken ct)
    {
        using var response = await SendRetryingAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"streams/{Uri.EscapeDataString(stream)}") { Content = content() };
                if (expected is { } version)
                {
                    request.Headers.Add("Expected-Version", version.Header);
                }

                return request;
            },
            ct);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw await ProblemAsync(response, ct);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        var root = json.RootElement;
        return new AppendResult(
            root.GetProperty("stream").GetString()!,
            root.GetProperty("firstSequence").GetInt64(),
            root.GetProperty("lastSequence").GetInt64(),
            response.StatusCode == HttpStatusCode.OK);
    }

    /// <summary>
    /// Sends a request that is safe to repeat (the same request is the same effect: appends by their
    /// event ids, definitions by their content) until an answer that is not "maybe not applied":
    /// a dropped connection, 503, 429 and 504 are sent again with backoff, up to the attempts allowed.
    /// Returns the last answer, for the caller to read or turn into its problem.
    /// </summary>
    private async Task<HttpResponseMessage> SendRetryingAsync(Func<HttpRequestMessage> newRequest, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = newRequest();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException) when (attempt < maxAttempts)
            {
                await Task.Delay(Backoff(attempt, null), ct);
                continue;
            }

            var retryable = response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or HttpStatusCode.GatewayTimeout;
            if (!retryable || attempt >= maxAttempts)
            {
                return response;
            }

            var retryAfter = response.Headers.RetryAfter?.Delta;
            response.Dispose();
            await Task.Delay(Backoff(attempt, retryAfter), ct);
        }
    }

    /// <summary>A page of a stream from <paramref name="from"/>; an unknown stream is an empty page.</summary>
    public async Task<EventPage> ReadStreamAsync(string stream, long from = 1, int limit = 100, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"streams/{Uri.EscapeDataString(stream)}?from={from}&limit={limit}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new EventPage([], null);
        }

        return await PageAsync(response, ct);
    }

    /// <summary>A page of a topic (or <c>$all</c>) after an offset.</summary>
    public async Task<EventPage> ReadTopicAsync(string topic, long after = 0, int limit = 100, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"topics/{Uri.EscapeDataString(topic)}?after={after}&limit={limit}", ct);
        return await PageAsync(response, ct);
    }

    /// <summary>A stream's events from <paramref name="from"/>, then live; resumes by itself after a dropped connection.</summary>
    public async IAsyncEnumerable<RecordedEvent> SubscribeToStreamAsync(string stream, long from = 1, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var next = from;
        while (!ct.IsCancellationRequested)
        {
            await foreach (var (_, e) in ResumingAsync($"streams/{Uri.EscapeDataString(stream)}/subscribe?from={next}", ct))
            {
                next = e!.Sequence + 1;
                yield return e;
            }
        }
    }

    /// <summary>A topic's (or <c>$all</c>'s) events after <paramref name="after"/>, then live; resumes by itself.</summary>
    public async IAsyncEnumerable<RecordedEvent> SubscribeToTopicAsync(string topic, long after = 0, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var last = after;
        while (!ct.IsCancellationRequested)
        {
            await foreach (var (_, e) in ResumingAsync($"topics/{Uri.EscapeDataString(topic)}/subscribe?after={last}", ct))
            {
                last = e!.Offset;
                yield return e;
            }
        }
    }

    /// <summary>
    /// One subscription connection's events; ends quietly when the connection drops, so the caller
    /// reconnects from where it got to. A refusal (4xx) is thrown.
    /// </summary>
    private async IAsyncEnumerable<(string? Id, RecordedEvent? Event)> ResumingAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        HttpResponseMessage? response = null;
        Stream? body = null;
        try
        {
            try
            {
                var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Accept.ParseAdd("text/event-stream");
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                if ((int)response.StatusCode is >= 400 and < 500)
                {
                    throw await ProblemAsync(response, ct);
                }

                response.EnsureSuccessStatusCode();
                body = await response.Content.ReadAsStreamAsync(ct);
            }
            catch (HttpRequestException)
            {
                body = null;
            }

            if (body is null)
            {
                await Task.Delay(ReconnectDelay, ct);
                yield break;
            }

            using var reader = new StreamReader(body, Encoding.UTF8);
            string? id = null;
            while (true)
            {
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(ct);
                }
                catch (IOException)
                {
                    line = null;
                }

                if (line is null)
                {
                    await Task.Delay(ReconnectDelay, ct);
                    yield break; // dropped: the caller reconnects
                }

                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    using var json = JsonDocument.Parse(line.AsMemory(6));
                    yield return (id, ToEvent(json.RootElement));
                    id = null;
                }
            }
        }
        finally
        {
            body?.Dispose();
            response?.Dispose();
        }
    }

    private static async Task<EventPage> PageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, ct);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        var events = json.RootElement.GetProperty("events").EnumerateArray().Select(ToEvent).ToList();
        var next = json.RootElement.GetProperty("next");
        return new EventPage(events, next.ValueKind == JsonValueKind.Null ? null : next.GetInt64());
    }

    private static RecordedEvent ToEvent(JsonElement e) => new(
        e.GetProperty("stream").GetString()!,
        e.GetProperty("sequence").GetInt64(),
        e.GetProperty("eventId").GetGuid(),
        e.GetProperty("type").GetString()!,
        e.GetProperty("data").Clone(),
        e.GetProperty("metadata").Clone(),
        e.GetProperty("timestamp").GetDateTimeOffset(),
        e.GetProperty("topic").GetString()!,
        e.GetProperty("offset").GetInt64());

    private static async Task<EventClusterException> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string title = response.ReasonPhrase ?? "Error", detail = string.Empty;
        long? current = null;
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            var root = json.RootElement;
            title = root.TryGetProperty("title", out var t) ? t.GetString() ?? title : title;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() ?? string.Empty : string.Empty;
            current = root.TryGetProperty("currentVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
        }
        catch (JsonException)
        {
            // not a problem+json body: keep the status line
        }

        return response.StatusCode == HttpStatusCode.Conflict && current is { } version
            ? new WrongExpectedVersionException(title, detail, version)
            : new EventClusterException(response.StatusCode, title, detail);
    }

    private static TimeSpan Backoff(int attempt, TimeSpan? retryAfter) =>
        retryAfter ?? TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * (1 << attempt)));
}
