using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Cluster.Node.Telemetry;
using Cluster.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.UnitTests.Tracing;

/// <summary>
/// W3C trace context through the gateway, with OpenTelemetry's in-memory exporter as the listener:
/// the app runs in-process (its own SQLite file), a producer's traceparent comes in with an append,
/// and a webhook delivers the event to a real local receiver.
/// </summary>
public sealed class TraceContextSpecs : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gateway-tracing-").FullName;
    private readonly List<Activity> _spans = [];
    private WebApplicationFactory<GatewayOptions>? _app;
    private WebhookReceiver? _receiver;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _app = new WebApplicationFactory<GatewayOptions>().WithWebHostBuilder(host => host
            .UseSetting("Storage:ConnectionString", $"Data Source={Path.Combine(_folder, "events.db")}")

            // As where requests are logged: ASP.NET Core then makes a request activity that nobody
            // records, which must neither parent the append's span nor make the sampler drop it.
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information")
            .ConfigureServices(services => services.AddOpenTelemetry().WithTracing(tracing => tracing
                .AddSource(Node.Telemetry.Tracing.SourceName)
                .AddInMemoryExporter(_spans))));
    }

    public async Task DisposeAsync()
    {
        await _app!.DisposeAsync();
        await _receiver!.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task An_append_continues_the_producers_trace_its_events_carry_it_and_a_webhook_post_continues_the_append()
    {
        using var client = _app!.CreateClient();
        var topic = "t" + Guid.NewGuid().ToString("N")[..12];
        await DefinitionPuts.PutUntilStoredAsync(client, $"/topics/{topic}/webhooks/w", $$"""{"url":"{{_receiver!.Url}}"}""");

        var (traceId, producerSpan) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        using var append = new HttpRequestMessage(HttpMethod.Post, $"/streams/{topic}-1") { Content = Json("""{"type":"Traced","data":{}}""") };
        append.Headers.Add("traceparent", $"00-{traceId}-{producerSpan}-01");
        using (var appended = await client.SendAsync(append))
        {
            Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        }

        var post = (await _receiver.WaitUntilAsync(p => p.Count == 1, Patience, "the webhook's POST"))[0];
        var spans = await Eventually.ReadUntilAsync(
            () => Task.FromResult<IReadOnlyList<Activity>>(_spans.ToArray()),
            s => new[] { "append", "stream.write", "webhook.post" }.All(name => s.Any(a => a.OperationName == name)),
            Patience,
            TimeSpan.FromMilliseconds(50),
            s => $"spans seen: {string.Join(", ", s.Select(a => a.OperationName))}");

        var appendSpan = spans.Single(a => a.OperationName == "append");
        Assert.Equal((traceId, producerSpan), (appendSpan.TraceId, appendSpan.ParentSpanId));
        var writeSpan = spans.Single(a => a.OperationName == "stream.write"); // the entity's, until the commit
        Assert.Equal((traceId, appendSpan.SpanId, ActivityStatusCode.Ok), (writeSpan.TraceId, writeSpan.ParentSpanId, writeSpan.Status));
        Assert.True(writeSpan.StartTimeUtc >= appendSpan.StartTimeUtc && writeSpan.StartTimeUtc + writeSpan.Duration <= appendSpan.StartTimeUtc + appendSpan.Duration);

        using var page = JsonDocument.Parse(await client.GetStringAsync($"/streams/{topic}-1"));
        var stored = page.RootElement.GetProperty("events")[0].GetProperty("metadata").GetProperty("traceparent").GetString();
        Assert.Equal($"00-{traceId}-{appendSpan.SpanId}-01", stored);

        var postSpan = spans.Single(a => a.OperationName == "webhook.post");
        Assert.Equal((traceId, appendSpan.SpanId, ActivityKind.Client), (postSpan.TraceId, postSpan.ParentSpanId, postSpan.Kind));
        Assert.Equal($"00-{traceId}-{postSpan.SpanId}-01", post.Headers["traceparent"]);
    }

    [Fact]
    public async Task An_event_that_sets_its_own_traceparent_keeps_it_and_an_invalid_header_starts_a_new_trace()
    {
        using var client = _app!.CreateClient();
        var stream = "t" + Guid.NewGuid().ToString("N")[..12] + "-1";
        const string Own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using var append = new HttpRequestMessage(HttpMethod.Post, $"/streams/{stream}")
        {
            Content = Json($$$"""[{"type":"Own","data":{},"metadata":{"traceparent":"{{{Own}}}"}},{"type":"Other","data":{}}]"""),
        };
        append.Headers.Add("traceparent", "not-a-traceparent");
        using (var appended = await client.SendAsync(append))
        {
            Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        }

        using var page = JsonDocument.Parse(await client.GetStringAsync($"/streams/{stream}"));
        var events = page.RootElement.GetProperty("events");
        Assert.Equal(Own, events[0].GetProperty("metadata").GetProperty("traceparent").GetString());
        var fresh = ActivityContext.Parse(events[1].GetProperty("metadata").GetProperty("traceparent").GetString()!, null);
        Assert.NotEqual("0af7651916cd43dd8448eb211c80319c", fresh.TraceId.ToString());
    }

    [Fact]
    public async Task A_group_delivery_runs_in_a_span_linked_to_the_producers_trace()
    {
        using var client = _app!.CreateClient();
        var topic = "t" + Guid.NewGuid().ToString("N")[..12];
        using (var created = await client.PutAsync($"/topics/{topic}/groups/g", Json("{}")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var cancel = new CancellationTokenSource(Patience);
        using var subscription = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/groups/g/subscribe"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await subscription.Content.ReadAsStreamAsync(cancel.Token));

        var (traceId, producerSpan) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        using var append = new HttpRequestMessage(HttpMethod.Post, $"/streams/{topic}-1") { Content = Json("""{"type":"Traced","data":{}}""") };
        append.Headers.Add("traceparent", $"00-{traceId}-{producerSpan}-01");
        (await client.SendAsync(append, cancel.Token)).Dispose();
        while (await reader.ReadLineAsync(cancel.Token) is { } line && !line.StartsWith("data: ", StringComparison.Ordinal))
        {
        }

        var spans = await Eventually.ReadUntilAsync(
            () => Task.FromResult<IReadOnlyList<Activity>>(_spans.ToArray()),
            s => s.Any(a => a.OperationName == "group.deliver" && a.Links.Any(l => l.Context.TraceId == traceId)),
            Patience,
            TimeSpan.FromMilliseconds(50),
            s => $"spans seen: {string.Join(", ", s.Select(a => a.OperationName))}");

        var appendSpan = spans.Single(a => a.OperationName == "append" && a.TraceId == traceId);
        var deliver = spans.Single(a => a.OperationName == "group.deliver" && a.Links.Any(l => l.Context.TraceId == traceId));
        Assert.Equal(appendSpan.SpanId, Assert.Single(deliver.Links).Context.SpanId); // linked, not a child
        Assert.NotEqual(traceId, deliver.TraceId);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
