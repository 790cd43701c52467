using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Cluster.Node.Telemetry;
using StandardWebhooks;

namespace Cluster.Node.Webhooks;

/// <summary>The result of one POST: delivered (a 2xx answer) or why not.</summary>
public sealed record WebhookOutcome(bool Delivered, string Detail);

/// <summary>
/// POSTs webhook bodies, signed as the Standard Webhooks specification says (by its reference
/// library): <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds, when sent) and
/// <c>webhook-signature</c> (<c>v1,</c> + base64 HMAC-SHA256 of <c>id.timestamp.body</c>). One
/// <see cref="HttpClient"/> for the node: connections are pooled per receiver and recycled every few
/// minutes (so DNS changes are seen). Redirects are not followed: a 3xx is a failed delivery, never
/// a POST of the event to an address nobody configured.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string DeliveryHeader = "X-Delivery-Id";
    public const string AttemptHeader = "X-Delivery-Attempt";
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
    })
    {
        // Each POST has its own deadline (the webhook's timeout), set per request.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <param name="messageId">The <c>webhook-id</c>: the same for every attempt of one event, so receivers can deduplicate on it.</param>
    /// <param name="deliveryId">This attempt's delivery id (<c>X-Delivery-Id</c>).</param>
    public async Task<WebhookOutcome> PostAsync(
        string url,
        StandardWebhook signer,
        byte[] body,
        MediaTypeHeaderValue contentType,
        StoredTraceContext? trace,
        string messageId,
        string deliveryId,
        int attempt,
        TimeSpan timeout,
        CancellationToken ct)
    {
        // The POST continues the producer's trace: its span is a child of the stored context, and the
        // receiver gets that span's traceparent (or the stored one as it is, while nothing listens).
        using var span = Tracing.StartDelivery("webhook.post", ActivityKind.Client, trace, asChild: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = contentType;
        if ((span?.Id ?? trace?.Traceparent) is { } traceparent)
        {
            request.Headers.TryAddWithoutValidation(Tracing.TraceparentMember, traceparent);
            if ((span?.TraceStateString ?? trace?.Tracestate) is { Length: > 0 } tracestate)
            {
                request.Headers.TryAddWithoutValidation(Tracing.TracestateMember, tracestate);
            }
        }

        var sentAt = DateTimeOffset.UtcNow;
        request.Headers.Add(IdHeader, messageId);
        request.Headers.Add(TimestampHeader, sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, signer.Sign(messageId, sentAt, Encoding.UTF8.GetString(body)));
        request.Headers.Add(DeliveryHeader, deliveryId);
        request.Headers.Add(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var code = (int)response.StatusCode;
            return new WebhookOutcome(code is >= 200 and < 300, $"HTTP {code}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookOutcome(false, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new WebhookOutcome(false, e.Message);
        }
    }

    public void Dispose() => _client.Dispose();
}
