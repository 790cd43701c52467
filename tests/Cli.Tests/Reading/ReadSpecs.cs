using System.Text;
using Cli.Tests.Infrastructure;
using static Cluster.Tests.Shared.Api;

namespace Cli.Tests.Reading;

/// <summary><c>evc read</c> and <c>evc info</c>: stored events of a stream or topic, pages, positions and not-found.</summary>
[Collection(OpenGatewayCollection.Name)]
public sealed class ReadSpecs(OpenGateway gateway)
{
    [Fact]
    public async Task Read_all_pages_past_the_gateways_page_size_and_prints_one_event_as_read_per_line()
    {
        var stream = NewStream();
        var input = new StringBuilder();
        for (var n = 1; n <= 1200; n++)
        {
            input.Append("{\"type\":\"Deposited\",\"data\":{\"n\":" + n + "}}").Append('\n');
        }

        Assert.Equal(0, (await gateway.RunAsync(["publish", stream, "--batch-size", "500"], stdin: input.ToString())).ExitCode);

        var events = (await gateway.RunAsync(["read", stream, "--all", "--json"])).JsonLines();

        Assert.Equal(Enumerable.Range(1, 1200).Select(n => (long)n), events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.All(events, e => Assert.Equal(stream, e.GetProperty("stream").GetString()));
        Assert.Equal(1200, events[^1].GetProperty("data").GetProperty("n").GetInt32());
        Assert.EndsWith("Z", events[0].GetProperty("timestamp").GetString(), StringComparison.Ordinal); // as the API writes it
    }

    [Fact]
    public async Task Read_starts_from_a_sequence_or_after_an_offset_and_tells_a_person_where_to_go_on()
    {
        var topic = NewTopic();
        await AppendCreatedAsync(gateway.Http, $"{topic}-a", Batch(Event("A"), Event("B"), Event("C"), Event("D")));
        await AppendCreatedAsync(gateway.Http, $"{topic}-b", Event("E"));

        var fromTwo = (await gateway.RunAsync(["read", $"{topic}-a", "--from", "2", "--limit", "2", "--json"])).JsonLines();
        var table = await gateway.RunAsync(["read", $"{topic}-a", "--from", "2", "--limit", "2"]);
        var topicAfter = (await gateway.RunAsync(["read", topic, "--topic", "--after", fromTwo[1].GetProperty("offset").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"])).JsonLines();

        Assert.Equal(["B", "C"], fromTwo.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(" B ", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(" C ", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(" D ", table.Stdout, StringComparison.Ordinal);
        Assert.Contains($"more: evc read {topic}-a --from 4", table.Stderr, StringComparison.Ordinal);
        Assert.Equal(["D", "E"], topicAfter.Select(e => e.GetProperty("type").GetString()));
        Assert.True(topicAfter[0].GetProperty("offset").GetInt64() < topicAfter[1].GetProperty("offset").GetInt64());
    }

    [Fact]
    public async Task Info_shows_a_streams_topic_and_version_and_an_unknown_stream_exits_2()
    {
        var topic = NewTopic();
        await AppendCreatedAsync(gateway.Http, $"{topic}-1", Batch(Event(), Event(), Event()));

        var info = (await gateway.RunAsync(["info", $"{topic}-1", "--json"])).Json();
        var table = await gateway.RunAsync(["info", $"{topic}-1"]);
        var unknownInfo = await gateway.RunAsync(["info", $"{topic}-2"]);
        var unknownRead = await gateway.RunAsync(["read", $"{topic}-2"]);

        Assert.Equal(($"{topic}-1", topic, 3L), (info.GetProperty("stream").GetString(), info.GetProperty("topic").GetString(), info.GetProperty("version").GetInt64()));
        Assert.Contains("version", table.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{topic}-2", unknownInfo.AssertFailed(2), StringComparison.Ordinal);
        unknownRead.AssertFailed(2);
    }

    [Fact]
    public async Task Reading_a_topic_with_from_is_a_usage_error()
    {
        var result = await gateway.RunAsync(["read", NewTopic(), "--topic", "--from", "3"]);

        Assert.Contains("--after", result.AssertFailed(1), StringComparison.Ordinal);
    }
}
