using System.Collections.Concurrent;
using System.Text.Json;
using EventCluster.Client;

namespace Bank;

/// <summary>
/// A webhook receiver: the gateway POSTs every event of topic <c>acct</c> here, signed with the
/// webhook's secret (Standard Webhooks). It checks the signature and its timestamp (401 otherwise, so
/// a forged or replayed call is never trusted), logs withdrawals of <see cref="Threshold"/> or more, and answers 200 to acknowledge.
/// </summary>
public sealed class LargeWithdrawalReceiver : IAsyncDisposable
{
    public const long Threshold = 500;
    private readonly WebApplication _app;
    private readonly string _secret;
    private readonly ConcurrentDictionary<Guid, bool> _seen = new();
    private readonly ConcurrentQueue<string> _large = new();

    private LargeWithdrawalReceiver(WebApplication app, string secret)
    {
        _app = app;
        _secret = secret;
        app.MapPost("/hooks/large-withdrawals", ReceiveAsync);
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Distinct events received with a valid signature.</summary>
    public int Received => _seen.Count;

    public IReadOnlyCollection<string> LargeWithdrawals => _large;

    public static async Task<LargeWithdrawalReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0"); // any free port; the webhook is told which
        var receiver = new LargeWithdrawalReceiver(builder.Build(), secret);
        await receiver._app.StartAsync();
        var address = receiver._app.Urls.First(); // the bound address, port included, once started
        receiver.Url = new Uri($"{address}/hooks/large-withdrawals");
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var headers = request.Headers;
        if (!WebhookSignature.IsValid(
                _secret, headers[WebhookSignature.IdHeader], headers[WebhookSignature.TimestampHeader], buffer.ToArray(), headers[WebhookSignature.SignatureHeader]))
        {
            return Results.Unauthorized();
        }

        var e = JsonDocument.Parse(buffer.ToArray()).RootElement;
        var amount = e.GetProperty("data").GetProperty("amount").GetInt64();
        if (_seen.TryAdd(e.GetProperty("eventId").GetGuid(), true) && e.GetProperty("type").GetString() == "Withdrawn" && amount >= Threshold)
        {
            var line = $"{e.GetProperty("stream").GetString()} withdrew {amount} at {e.GetProperty("timestamp").GetString()}";
            _large.Enqueue(line);
            Console.WriteLine($"webhook    LARGE WITHDRAWAL: {line}");
        }

        return Results.Ok();
    }
}
