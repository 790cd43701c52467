using System.Net;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Streams;

[Collection(SharedGatewayCollection.Name)]
public sealed class AppendSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Publishing_one_event_answers_201_with_its_sequence_and_location()
    {
        var stream = NewStream();
        using var response = await PostAsync(_client, stream, Event());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(stream, body.GetProperty("stream").GetString());
        Assert.Equal(1, body.GetProperty("firstSequence").GetInt64());
        Assert.Equal(1, body.GetProperty("lastSequence").GetInt64());
        Assert.Equal($"/streams/{stream}?from=1", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_batch_is_stored_contiguously_in_order()
    {
        var stream = NewStream();
        await PostAsync(_client, stream, Event("Opened"));
        using var response = await PostAsync(_client, stream, Batch(Event("A"), Event("B"), Event("C")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal((2L, 4L), (body.GetProperty("firstSequence").GetInt64(), body.GetProperty("lastSequence").GetInt64()));
        var events = await ReadWholeStreamAsync(_client, stream);
        Assert.Equal(["Opened", "A", "B", "C"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Resending_stored_event_ids_answers_200_with_the_original_sequences_and_stores_nothing()
    {
        var stream = NewStream();
        var batch = Batch(Event(id: Guid.NewGuid()), Event(id: Guid.NewGuid()));
        await PostAsync(_client, stream, Event());
        (await PostAsync(_client, stream, batch)).Dispose();
        await PostAsync(_client, stream, Event());

        using var replay = await PostAsync(_client, stream, batch, expectedVersion: "1");

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var body = await JsonAsync(replay);
        Assert.Equal((2L, 3L), (body.GetProperty("firstSequence").GetInt64(), body.GetProperty("lastSequence").GetInt64()));
        Assert.Equal(4, (await GetJsonAsync(_client, $"/streams/{stream}/info")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_batch_mixing_stored_and_new_ids_is_409_and_stores_nothing()
    {
        var stream = NewStream();
        var stored = Guid.NewGuid();
        await PostAsync(_client, stream, Event(id: stored));

        using var response = await PostAsync(_client, stream, Batch(Event(id: stored), Event(id: Guid.NewGuid())));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(1, (await GetJsonAsync(_client, $"/streams/{stream}/info")).GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("none", 0, true)]
    [InlineData("none", 2, false)]
    [InlineData("exists", 0, false)]
    [InlineData("exists", 2, true)]
    [InlineData("2", 2, true)]
    [InlineData("1", 2, false)]
    [InlineData("any", 2, true)]
    [InlineData("ANY", 0, true)]
    public async Task Expected_version_is_enforced(string header, int existing, bool accepted)
    {
        var stream = NewStream();
        for (var i = 0; i < existing; i++)
        {
            (await PostAsync(_client, stream, Event())).Dispose();
        }

        using var response = await PostAsync(_client, stream, Event(), header);

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Equal(existing, problem.GetProperty("currentVersion").GetInt64());
        }
    }

    public static TheoryData<string, string, string?> BadRequests() => new()
    {
        { "bad stream name", "-starts-with-dash", null },
        { "stream name with a space", "has space", null },
        { "empty array", "[]", null },
        { "malformed JSON", "{\"type\":\"A\",", null },
        { "not an object", "42", null },
        { "missing type", "{\"data\":{}}", null },
        { "invalid type", "{\"type\":\"bad type\",\"data\":{}}", null },
        { "eventId not a UUID", "{\"eventId\":\"nope\",\"type\":\"A\",\"data\":{}}", null },
        { "metadata not an object", "{\"type\":\"A\",\"data\":{},\"metadata\":[1]}", null },
        { "the same eventId twice", "[{\"eventId\":\"0b0e7f8a-5d3c-4a0e-8a55-1d1f2e3c4b5a\",\"type\":\"A\"},{\"eventId\":\"0b0e7f8a-5d3c-4a0e-8a55-1d1f2e3c4b5a\",\"type\":\"A\"}]", null },
        { "trailing content", "{\"type\":\"A\"} {}", null },
        { "bad Expected-Version", "{\"type\":\"A\"}", "soon" },
        { "negative Expected-Version", "{\"type\":\"A\"}", "-1" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_400_and_creates_no_stream(string why, string body, string? expectedVersion)
    {
        var stream = why.StartsWith("bad stream", StringComparison.Ordinal) || why.StartsWith("stream name", StringComparison.Ordinal)
            ? body
            : NewStream();
        var payload = stream == body ? Event() : body;

        using var response = await PostAsync(_client, stream, payload, expectedVersion);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        if (stream != body)
        {
            await GetJsonAsync(_client, $"/streams/{stream}/info", HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task An_event_over_the_size_limit_is_413_and_stores_nothing()
    {
        var stream = NewStream();
        var big = "\"" + new string('x', 1024 * 1024) + "\"";

        using var response = await PostAsync(_client, stream, Batch(Event(), Event(data: big)));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await GetJsonAsync(_client, $"/streams/{stream}/info", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Data_and_metadata_come_back_as_written()
    {
        var stream = NewStream();
        const string data = """{"amount":12.50,"currency":"EUR","tags":["a","é"],"nested":{"n":null}}""";
        using var response = await PostAsync(_client, stream, "{\"type\":\"Deposited\",\"data\":" + data + ",\"metadata\":{\"correlationId\":\"c-1\"}}");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var page = await GetJsonAsync(_client, $"/streams/{stream}");
        var e = page.GetProperty("events")[0];
        Assert.Equal(data, e.GetProperty("data").GetRawText());
        Assert.Equal("c-1", e.GetProperty("metadata").GetProperty("correlationId").GetString());
        Assert.Equal("acct", e.GetProperty("topic").GetString());
        Assert.True(Guid.TryParse(e.GetProperty("eventId").GetString(), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", e.GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Pretty_printed_data_is_stored_on_one_line()
    {
        var stream = NewStream();
        using var response = await PostAsync(_client, stream, "{\n  \"type\": \"A\",\n  \"data\": {\n    \"x\": [1,\n 2]\n  }\n}");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var e = (await GetJsonAsync(_client, $"/streams/{stream}")).GetProperty("events")[0];
        Assert.Equal("""{"x":[1,2]}""", e.GetProperty("data").GetRawText());
    }
}
