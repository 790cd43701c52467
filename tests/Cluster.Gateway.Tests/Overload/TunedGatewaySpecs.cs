using System.Net;
using System.Text;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Overload;

/// <summary>A gateway with a one-slot admission gate (one append in flight, one waiting) and a one-second keep-alive.</summary>
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
    public async Task An_ingest_passes_the_same_gate_its_refused_lines_say_so_and_store_nothing()
    {
        var lineStreams = Enumerable.Range(0, 300).Select(_ => NewStream()).ToList();
        var body = string.Concat(lineStreams.Select(s => "{\"stream\":\"" + s + "\",\"type\":\"Ingested\",\"data\":{\"n\":1}}\n"));
        using var stop = new CancellationTokenSource();

        // Appends through POST /streams keep the one-slot gate busy while the ingest runs.
        var flood = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
                {
                    using var r = await PostAsync(_gateway.Client, NewStream("flood"), Event());
                }));
            }
        });
        List<JsonElement> answers;
        try
        {
            using var response = await _gateway.Client.PostAsync("/ingest", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        }
        finally
        {
            await stop.CancelAsync();
            await flood;
        }

        Assert.Equal(lineStreams.Count, answers.Count);
        var refused = answers.Where(a => a.TryGetProperty("error", out _)).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, a => Assert.Contains("nothing was stored", a.GetProperty("error").GetString(), StringComparison.Ordinal));
        for (var i = 0; i < answers.Count; i++)
        {
            var expected = answers[i].TryGetProperty("sequence", out _) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            using var info = await _gateway.Client.GetAsync($"/streams/{lineStreams[i]}/info");
            Assert.Equal(expected, info.StatusCode);
        }
    }

    [Fact]
    public async Task The_client_library_retries_503s_with_the_same_ids_until_every_append_is_stored_once()
    {
        using var counting = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counting) { BaseAddress = _gateway.Client.BaseAddress };
        var client = new EventCluster.Client.EventClusterClient(http, maxAttempts: 50);
        var streams = Enumerable.Range(0, 100).Select(_ => NewStream()).ToList();
        var payload = System.Text.Json.JsonSerializer.SerializeToElement(new { amount = 1 });

        var results = await Task.WhenAll(streams.Select(s =>
            client.AppendAsync(s, Enumerable.Range(0, 20).Select(_ => new EventCluster.Client.EventToAppend("Deposited", payload)).ToList())));

        Assert.True(counting.ServiceUnavailable > 0, "The one-slot gateway never refused: nothing was retried.");
        Assert.All(results, r => Assert.Equal((1L, 20L), (r.FirstSequence, r.LastSequence)));
        foreach (var stream in streams)
        {
            Assert.Equal(20, (await ReadWholeStreamAsync(_gateway.Client, stream)).Count);
        }
    }

    /// <summary>Counts the 503 answers that pass through it.</summary>
    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _serviceUnavailable;

        public int ServiceUnavailable => _serviceUnavailable;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _serviceUnavailable);
            }

            return response;
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
