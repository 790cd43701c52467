using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Messages.Groups;

namespace Cluster.Node.Webhooks;

/// <summary>The result of one POST: delivered (a 2xx answer) or why not.</summary>
public sealed record WebhookOutcome(bool Delivered, string Detail);

/// <summary>
/// POSTs webhook bodies. One <see cref="HttpClient"/> for the node: connections are pooled per
/// receiver and recycled every few minutes (so DNS changes are seen). Redirects are not followed:
/// a 3xx is a failed delivery, never a POST of the event to an address nobody configured.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string SignatureHeader = "X-Signature";
    public const string DeliveryHeader = "X-Delivery-Id";
    public const string AttemptHeader = "X-Delivery-Attempt";
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
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

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="body"/> keyed with the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task<WebhookOutcome> PostAsync(WebhookTarget target, byte[] body, string deliveryId, int attempt, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Add(SignatureHeader, Sign(target.Secret, body));
        request.Headers.Add(DeliveryHeader, deliveryId);
        request.Headers.Add(AttemptHeader, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
