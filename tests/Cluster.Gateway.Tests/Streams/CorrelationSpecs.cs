using System.Net;
using System.Text;
using Cluster.Gateway.Tests.Infrastructure;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Streams;

/// <summary>X-Correlation-Id and X-Causation-Id request headers end up in each appended event's metadata.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class CorrelationSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task The_headers_go_into_every_events_metadata_unless_the_event_sets_its_own()
    {
        var stream = NewStream();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/streams/{stream}")
        {
            Content = new StringContent(
                Batch(Event(), """{"type":"Deposited","data":{},"metadata":{"causationId":"own-cause","tenant":"t1"}}"""),
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("X-Correlation-Id", "order-7f3");
        request.Headers.Add("X-Causation-Id", "cmd-12");
        using (var response = await _client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var events = (await GetJsonAsync(_client, $"/streams/{stream}")).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("metadata")).ToList();
        Assert.Equal(("order-7f3", "cmd-12"), (events[0].GetProperty("correlationId").GetString(), events[0].GetProperty("causationId").GetString()));
        Assert.Equal(("order-7f3", "own-cause", "t1"), (events[1].GetProperty("correlationId").GetString(), events[1].GetProperty("causationId").GetString(), events[1].GetProperty("tenant").GetString()));
    }

    [Fact]
    public async Task A_bad_correlation_header_is_400_and_stores_nothing()
    {
        var stream = NewStream();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/streams/{stream}") { Content = new StringContent(Event(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", new string('x', 201));
        using (var response = await _client.SendAsync(request))
        {
            await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        }

        using var read = await _client.GetAsync($"/streams/{stream}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }
}
