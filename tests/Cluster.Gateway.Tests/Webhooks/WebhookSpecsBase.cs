using System.Net;
using System.Text;
using System.Text.Json;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Webhooks;

/// <summary>What the webhook specs share: a real gateway, a real local receiver, and the calls they make.</summary>
public abstract class WebhookSpecsBase(FastRetryGateway fixture) : IAsyncLifetime
{
    // Standard Webhooks secrets: whsec_ + base64 of 32 bytes.
    protected const string Secret = "whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    protected const string OtherSecret = "whsec_ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    protected FastRetryGateway Fixture => fixture;

    protected HttpClient Client { get; } = fixture.Gateway.Client;

    protected WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync() => Receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await Receiver.DisposeAsync();

    protected async Task<JsonElement> PutWebhookAsync(HttpClient client, string topic, string name, HttpStatusCode expected, string extra = "")
    {
        using var response = await client.PutAsync(
            $"/topics/{topic}/webhooks/{name}",
            new StringContent($$"""{"url":"{{Receiver.Url}}","secret":"{{Secret}}"{{extra}}}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"PUT webhook: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// The first webhook of a just-started gateway allocates its shard and remembers the entity; on a
    /// loaded machine that can outlast the gateway's 10 s ask, answered 504 ("outcome unknown").
    /// A client retries the same PUT then: 201 if the first did not get through, 200 if it did.
    /// </summary>
    protected Task PutWebhookOnFreshGatewayAsync(HttpClient client, string topic, string name) =>
        DefinitionPuts.PutUntilStoredAsync(client, $"/topics/{topic}/webhooks/{name}", $$"""{"url":"{{Receiver.Url}}","secret":"{{Secret}}"}""");

    protected Task<HttpResponseMessage> PutAsync(string topic, string name, string body) =>
        Client.PutAsync($"/topics/{topic}/webhooks/{name}", new StringContent(body, Encoding.UTF8, "application/json"));

    protected async Task AppendAsync(IReadOnlyList<string> streams, int perStream)
    {
        for (var i = 0; i < perStream; i++)
        {
            foreach (var stream in streams)
            {
                using var response = await PostAsync(Client, stream, Event());
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }
    }

    protected Task<JsonElement> WaitForStatusAsync(string topic, string name, Func<JsonElement, bool> condition) =>
        Eventually.ReadUntilAsync(
            () => GetJsonAsync(Client, $"/topics/{topic}/webhooks/{name}"),
            condition,
            Patience,
            TimeSpan.FromMilliseconds(100),
            status => $"Webhook status never matched: {status.GetRawText()}");
}
