using System.Net;
using System.Text;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Gateway.Tests.Webhooks;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Operations;

/// <summary><c>GET /metrics</c> on a real gateway: the project's series move when events flow, next to the runtime's and ASP.NET Core's.</summary>
public sealed class MetricsSpecs(FastRetryGateway fixture) : IClassFixture<FastRetryGateway>
{
    private readonly HttpClient _client = fixture.Gateway.Client;

    [Fact]
    public async Task Appends_rejections_and_write_batches_are_counted()
    {
        var topic = NewTopic();
        var before = await PrometheusText.ScrapeAsync(_client);
        for (var i = 0; i < 3; i++)
        {
            (await PostAsync(_client, $"{topic}-{i}", Batch(Event(), Event()))).Dispose();
        }

        (await PostAsync(_client, $"{topic}-1", "{not json")).Dispose();
        (await PostAsync(_client, $"{topic}-1", Event(), expectedVersion: "7")).Dispose();

        // The exporter caches a scrape for a moment and the middleware counts a request after its
        // answer is sent: wait for a scrape that has seen all five requests, then check every figure.
        var after = await WaitForAsync(s =>
            s.Sum("eventcluster_events_appended_total", ("topic", topic)) == 6
            && s.Sum("eventcluster_append_rejections_total", ("status", "409")) > before.Sum("eventcluster_append_rejections_total", ("status", "409"))
            && s.Sum("eventcluster_append_rejections_total", ("status", "400")) > before.Sum("eventcluster_append_rejections_total", ("status", "400")));
        Assert.Equal(6, after.Sum("eventcluster_events_appended_total", ("topic", topic)));
        Assert.Equal(before.Sum("eventcluster_append_duration_seconds_count", ("status", "201")) + 3, after.Sum("eventcluster_append_duration_seconds_count", ("status", "201")));
        Assert.Equal(before.Sum("eventcluster_append_rejections_total", ("status", "400")) + 1, after.Sum("eventcluster_append_rejections_total", ("status", "400")));
        Assert.Equal(before.Sum("eventcluster_append_rejections_total", ("status", "409")) + 1, after.Sum("eventcluster_append_rejections_total", ("status", "409")));
        Assert.True(after.Sum("eventcluster_journal_write_events_sum") >= before.Sum("eventcluster_journal_write_events_sum") + 6);
        Assert.True(after.Sum("eventcluster_journal_commit_wait_seconds_count") >= before.Sum("eventcluster_journal_commit_wait_seconds_count") + 3, "one wait per entity write");
        Assert.True(after.Sum("eventcluster_journal_commit_rows_sum") >= before.Sum("eventcluster_journal_commit_rows_sum") + 6, "rows per commit");
        Assert.True(after.Sum("eventcluster_journal_commit_duration_seconds_count") > before.Sum("eventcluster_journal_commit_duration_seconds_count"), "commit durations");
        Assert.Contains(after, s => s.Name == "eventcluster_journal_commit_duration_seconds_bucket" && s.Labels.GetValueOrDefault("le") == "0.005");
        Assert.True(after.Sum("eventcluster_ingestion_queue", ("state", "max_in_flight")) > 0);
        Assert.True(after.Has("dotnet_gc_collections_total"), "runtime metrics");
        Assert.True(after.Sum("http_server_request_duration_seconds_count", ("http_route", "/streams/{stream}")) >= 5, "ASP.NET Core metrics");
    }

    [Fact]
    public async Task Shards_entities_live_subscriptions_and_group_lag_are_reported()
    {
        var topic = NewTopic();
        (await PostAsync(_client, $"{topic}-1", Batch(Event(), Event(), Event()))).Dispose();
        using (var created = await _client.PutAsync($"/topics/{topic}/groups/g", new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var subscription = await SseClient.ConnectAsync(_client, $"/topics/{topic}/subscribe");

        // Lag is refreshed every few seconds by the group, shards and entities by a census as often.
        await WaitForAsync(s =>
            s.Sum("eventcluster_group_lag", ("topic", topic), ("name", "g"), ("kind", "group")) == 3
            && s.Sum("eventcluster_subscriptions_live", ("kind", "topic")) >= 1
            && s.Sum("eventcluster_shards") >= 1
            && s.Sum("eventcluster_entities") >= 1);
    }

    [Fact]
    public async Task Failed_webhook_posts_are_counted()
    {
        var topic = NewTopic();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _) => Task.FromResult(500);
        (await PostAsync(_client, $"{topic}-1", Event())).Dispose();
        // The first webhook of a fresh gateway allocates its shard, which on a loaded machine can outlast
        // the 10 s ask (504, outcome unknown): a client sends the same PUT again, answered 201 or 200.
        await DefinitionPuts.PutUntilStoredAsync(_client, $"/topics/{topic}/webhooks/w", $$"""{"url":"{{receiver.Url}}","maxDeliveries":3}""");

        var samples = await WaitForAsync(s => s.Sum("eventcluster_webhook_failures_total", ("topic", topic), ("webhook", "w")) == 3);
        Assert.Equal(3, receiver.Posts.Count);
        Assert.Equal(0, samples.Sum("eventcluster_group_in_flight", ("topic", topic), ("kind", "webhook")));
    }

    private Task<IReadOnlyList<PrometheusSample>> WaitForAsync(Func<IReadOnlyList<PrometheusSample>, bool> condition) =>
        Eventually.ReadUntilAsync(
            () => PrometheusText.ScrapeAsync(_client),
            condition,
            Patience,
            TimeSpan.FromMilliseconds(250),
            _ => "The metrics never showed the expected values.");
}
