using System.Globalization;
using Cli.Tests.Infrastructure;
using static Cluster.Tests.Shared.Api;

namespace Cli.Tests.Reading;

/// <summary><c>evc tail</c>: stored events, then live ones, each with the position to resume from.</summary>
[Collection(OpenGatewayCollection.Name)]
public sealed class TailSpecs(OpenGateway gateway)
{
    [Fact]
    public async Task Tail_of_a_topic_prints_stored_then_live_events_and_resumes_after_a_printed_offset()
    {
        var topic = NewTopic();
        await AppendCreatedAsync(gateway.Http, $"{topic}-1", Batch(Event("Stored1"), Event("Stored2")));

        await using var tail = await gateway.StartAsync(["tail", topic, "--topic", "--count", "3", "--json"]);
        await tail.WaitForLinesAsync(2);
        await AppendCreatedAsync(gateway.Http, $"{topic}-2", Event("Live"));
        var events = (await tail.WaitForExitAsync()).JsonLines();

        Assert.Equal(["Stored1", "Stored2", "Live"], events.Select(e => e.GetProperty("type").GetString()));
        var afterSecond = events[1].GetProperty("offset").GetInt64().ToString(CultureInfo.InvariantCulture);
        var resumed = (await gateway.RunAsync(["tail", topic, "--topic", "--after", afterSecond, "--count", "1", "--json"])).JsonLines();
        Assert.Equal("Live", Assert.Single(resumed).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Tail_of_a_stream_from_a_sequence_prints_positions_and_where_to_resume()
    {
        var stream = NewStream();
        await AppendCreatedAsync(gateway.Http, stream, Batch(Event("A"), Event("B"), Event("C")));

        var result = await gateway.RunAsync(["tail", stream, "--from", "2", "--count", "1"]);

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(EvcResult.Lines(result.Stdout));
        Assert.StartsWith("#2", line, StringComparison.Ordinal);
        Assert.Contains(" B ", line, StringComparison.Ordinal);
        Assert.Contains($"resume: evc tail {stream} --from 3", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_of_all_follows_every_topic()
    {
        var first = NewStream(NewTopic());
        await AppendCreatedAsync(gateway.Http, first, Event("Marker"));
        var marker = (await gateway.RunAsync(["read", first, "--json"])).JsonLines().Single().GetProperty("offset").GetInt64();

        await using var tail = await gateway.StartAsync(["tail", "$all", "--after", marker.ToString(CultureInfo.InvariantCulture), "--json"]);
        var other = NewStream(NewTopic());
        await AppendCreatedAsync(gateway.Http, other, Event("Elsewhere"));
        await Eventually.UntilAsync(
            () => tail.Lines.Any(l => l.Contains(other, StringComparison.Ordinal)),
            SpecTimes.Patience,
            TimeSpan.FromMilliseconds(50),
            () => $"$all did not show {other}: {string.Join('\n', tail.Lines)}");
    }
}
