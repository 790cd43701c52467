using System.Net;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Overload;

/// <summary>A gateway with a one-slot ingestion queue and a one-second keep-alive.</summary>
public sealed class TunedGatewaySpecs : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
    {
        ["Gateway__IngestQueueCapacity"] = "1",
        ["Gateway__IngestParallelism"] = "1",
        ["Gateway__KeepAliveInterval"] = "00:00:01",
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_full_ingestion_queue_answers_503_with_retry_after_and_stores_nothing_for_it()
    {
        var streams = Enumerable.Range(0, 200).Select(_ => NewStream()).ToList();
        var responses = await Task.WhenAll(streams.Select(async s =>
        {
            using var response = await PostAsync(_gateway.Client, s, Batch(Enumerable.Range(0, 20).Select(_ => Event()).ToArray()));
            var status = response.StatusCode;
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 must carry Retry-After.");
                await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            }

            return (Stream: s, Status: status);
        }));

        Assert.Contains(responses, r => r.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{r.Status}"));
        foreach (var (stream, status) in responses)
        {
            var expected = status == HttpStatusCode.Created ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            using var info = await _gateway.Client.GetAsync($"/streams/{stream}/info");
            Assert.Equal(expected, info.StatusCode);
        }
    }

    [Fact]
    public async Task An_idle_subscription_gets_keep_alive_comments()
    {
        await using var subscription = await SseClient.ConnectAsync(_gateway.Client, $"/topics/{NewTopic()}/subscribe");
        while (true)
        {
            var message = await subscription.NextAsync(TimeSpan.FromSeconds(10));
            if (message.Comment == "keep-alive")
            {
                return;
            }
        }
    }
}
