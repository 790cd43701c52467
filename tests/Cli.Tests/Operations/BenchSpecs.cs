using Cli.Tests.Infrastructure;
using static Cluster.Tests.Shared.Api;

namespace Cli.Tests.Operations;

/// <summary><c>evc bench</c>: publishes what it says, over the streams it says, and reports the figures.</summary>
[Collection(OpenGatewayCollection.Name)]
public sealed class BenchSpecs(OpenGateway gateway)
{
    [Fact]
    public async Task Bench_publishes_every_event_subscribes_to_all_of_them_and_reports_rates_and_percentiles()
    {
        var topic = NewTopic();

        var figures = (await gateway.RunAsync(["bench", "--events", "400", "--streams", "5", "--concurrency", "4", "--batch", "10", "--size", "64", "--subscribe", "--topic", topic, "--json"])).Json();

        Assert.Equal((topic, 400, 5), (figures.GetProperty("topic").GetString(), figures.GetProperty("events").GetInt32(), figures.GetProperty("streams").GetInt32()));
        Assert.True(figures.GetProperty("eventsPerSecond").GetDouble() > 0);
        Assert.True(figures.GetProperty("ackP99Ms").GetDouble() >= figures.GetProperty("ackP50Ms").GetDouble());
        var subscribe = figures.GetProperty("subscribe");
        Assert.Equal(400, subscribe.GetProperty("delivered").GetInt64());
        Assert.True(subscribe.GetProperty("p99Ms").GetDouble() >= subscribe.GetProperty("p50Ms").GetDouble());

        // What it reported is what the journal holds: 400 events over 5 streams of the topic.
        var stored = (await gateway.RunAsync(["topics", "--json"])).Json().GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == topic);
        Assert.Equal((5L, 400L), (stored.GetProperty("streams").GetInt64(), stored.GetProperty("events").GetInt64()));
    }

    [Fact]
    public async Task Bench_for_people_prints_the_figures_the_project_bench_prints()
    {
        var result = await gateway.RunAsync(["bench", "--events", "50", "--streams", "2", "--concurrency", "2"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"\d+ events/s \(\d+ requests/s\); ack latency p50 [\d.]+ ms, p99 [\d.]+ ms", result.Stdout);
    }
}
