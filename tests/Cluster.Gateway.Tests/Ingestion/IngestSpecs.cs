using System.Net;
using System.Text;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Ingestion;

[Collection(SharedGatewayCollection.Name)]
public sealed class IngestSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private async Task<List<JsonElement>> IngestAsync(string body)
    {
        using var response = await _client.PostAsync("/ingest", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private static string Line(string stream, string type = "Ingested", Guid? id = null) =>
        id is null
            ? $$$"""{"stream":"{{{stream}}}","type":"{{{type}}}","data":{"n":1}}"""
            : $$$"""{"stream":"{{{stream}}}","eventId":"{{{id}}}","type":"{{{type}}}","data":{"n":1}}""";

    [Fact]
    public async Task Every_line_gets_one_answer_in_input_order_and_a_bad_line_fails_alone()
    {
        var a = NewStream();
        var b = NewStream();
        var lines = new[]
        {
            Line(a, "A1"),
            Line(a, "A2"),
            "not json",
            Line(b, "B1"),
            "",
            """{"stream":"-bad","type":"X"}""",
            """{"stream":"ok-1","data":{}}""",
            Line(a, "A3"),
        };

        var answers = await IngestAsync(string.Join("\n", lines) + "\n");

        Assert.Equal(lines.Length, answers.Count);
        Assert.Equal((a, 1L), (answers[0].GetProperty("stream").GetString(), answers[0].GetProperty("sequence").GetInt64()));
        Assert.Equal(2, answers[1].GetProperty("sequence").GetInt64());
        Assert.Equal(3, answers[2].GetProperty("line").GetInt64());
        Assert.Equal((b, 1L), (answers[3].GetProperty("stream").GetString(), answers[3].GetProperty("sequence").GetInt64()));
        Assert.Equal([5L, 6L, 7L], answers.Skip(4).Take(3).Select(x => x.GetProperty("line").GetInt64()));
        Assert.All(answers.Skip(4).Take(3), x => Assert.False(string.IsNullOrEmpty(x.GetProperty("error").GetString())));
        Assert.Equal(3, answers[7].GetProperty("sequence").GetInt64());

        var stored = await ReadWholeStreamAsync(_client, a);
        Assert.Equal(["A1", "A2", "A3"], stored.Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Repeated_event_ids_are_stored_once_and_answered_with_the_stored_sequence()
    {
        var stream = NewStream();
        var id = Guid.NewGuid();
        var answers = await IngestAsync(string.Join("\n", Line(stream, id: id), Line(stream, id: Guid.NewGuid()), Line(stream, id: id)));

        Assert.Equal([1L, 2L, 1L], answers.Select(x => x.GetProperty("sequence").GetInt64()));
        Assert.Equal(2, (await ReadWholeStreamAsync(_client, stream)).Count);
    }

    [Fact]
    public async Task Lines_of_a_stream_between_other_streams_lines_keep_their_order_and_a_repeat_gets_the_stored_sequence()
    {
        var a = NewStream();
        var b = NewStream();
        var id = Guid.NewGuid();
        var lines = new[] { Line(a, "A1", id), Line(b, "B1"), Line(a, "A2"), Line(b, "B2"), Line(a, "A1", id), Line(a, "A3") };

        var answers = await IngestAsync(string.Join("\n", lines));

        Assert.Equal(
            [(a, 1L), (b, 1L), (a, 2L), (b, 2L), (a, 1L), (a, 3L)],
            answers.Select(x => (x.GetProperty("stream").GetString(), x.GetProperty("sequence").GetInt64())));
        Assert.Equal(["A1", "A2", "A3"], (await ReadWholeStreamAsync(_client, a)).Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["B1", "B2"], (await ReadWholeStreamAsync(_client, b)).Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Thousands_of_lines_over_many_streams_are_all_stored_in_order()
    {
        var streams = Enumerable.Range(0, 50).Select(_ => NewStream("bulk")).ToList();
        var body = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            body.Append(Line(streams[i % streams.Count], $"E{i / streams.Count}")).Append('\n');
        }

        var answers = await IngestAsync(body.ToString());

        Assert.Equal(5000, answers.Count);
        Assert.All(answers, x => Assert.True(x.TryGetProperty("sequence", out _), x.GetRawText()));
        foreach (var stream in streams.Take(5))
        {
            var stored = await ReadWholeStreamAsync(_client, stream);
            Assert.Equal(Enumerable.Range(0, 100).Select(i => $"E{i}"), stored.Select(e => e.GetProperty("type").GetString()));
        }
    }
}
