using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cluster.Tests.Shared;

/// <summary>One POST the receiver got.</summary>
/// <param name="Headers">The Standard Webhooks headers as received (webhook-id, webhook-timestamp, webhook-signature), and Content-Type.</param>
/// <param name="At">When the request arrived.</param>
public sealed record ReceivedPost(byte[] Body, IReadOnlyDictionary<string, string> Headers, string? DeliveryId, int Attempt, DateTimeOffset At, int Answer)
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public string? WebhookId => Headers.GetValueOrDefault(IdHeader);

    /// <summary>The headers as ASP.NET Core hands them to a receiver (what the StandardWebhooks library verifies).</summary>
    public IHeaderDictionary HeaderDictionary() => new HeaderDictionary(Headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues(h.Value)));

    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Stream => Json.GetProperty("stream").GetString()!;

    public long Sequence => Json.GetProperty("sequence").GetInt64();

    public long Offset => Json.GetProperty("offset").GetInt64();
}

/// <summary>
/// A real HTTP receiver (Kestrel on a free loopback port) for webhook specs: records every POST,
/// answers what <see cref="Answer"/> decides (200 unless told otherwise), and tracks how many
/// requests it holds at once.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedPost> _posts = new();
    private int _concurrent;
    private int _maxConcurrent;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Decides the status code of a POST (given its parsed event and attempt); may wait to hold the request open.</summary>
    public Func<JsonElement, int, Task<int>> Answer { get; set; } = (_, _) => Task.FromResult(200);

    public IReadOnlyList<ReceivedPost> Posts => [.. _posts];

    /// <summary>The most requests held open at the same time so far.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var url = new Uri($"http://127.0.0.1:{DotnetProcess.FreePort()}/hook");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{url.Port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, url);
        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until the POSTs received satisfy <paramref name="condition"/>; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<ReceivedPost>> WaitUntilAsync(Func<IReadOnlyList<ReceivedPost>, bool> condition, TimeSpan timeout, string what) =>
        Eventually.ReadUntilAsync(
            () => Task.FromResult(Posts),
            condition,
            timeout,
            TimeSpan.FromMilliseconds(50),
            posts => $"Timed out waiting for {what}; {posts.Count} POSTs received.");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = DateTimeOffset.UtcNow;
        var now = Interlocked.Increment(ref _concurrent);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxConcurrent)) && Interlocked.CompareExchange(ref _maxConcurrent, now, seen) != seen)
        {
        }

        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            var attempt = int.TryParse(context.Request.Headers["X-Delivery-Attempt"], out var a) ? a : 0;
            var answer = await Answer(JsonDocument.Parse(body).RootElement, attempt);
            var headers = new[] { ReceivedPost.IdHeader, ReceivedPost.TimestampHeader, ReceivedPost.SignatureHeader, "Content-Type", "traceparent" }
                .Where(h => context.Request.Headers.ContainsKey(h))
                .ToDictionary(h => h, h => context.Request.Headers[h].ToString());
            _posts.Enqueue(new ReceivedPost(body, headers, context.Request.Headers["X-Delivery-Id"], attempt, arrived, answer));
            context.Response.StatusCode = answer;
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }
}
