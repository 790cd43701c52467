using System.Text;
using Cluster.Gateway.Streams;
using Microsoft.AspNetCore.Http;

namespace Cluster.Gateway.UnitTests.Streams;

/// <summary>Append bodies and ingest lines, read straight from their bytes: what is kept, what is refused and with which status.</summary>
public sealed class EventBatchParserSpecs
{
    private static ParsedBatch Parse(string body, int maxEventBytes = 1024, int maxBatchEvents = 100) =>
        EventBatchParser.Parse(Encoding.UTF8.GetBytes(body), maxEventBytes, maxBatchEvents);

    [Fact]
    public void One_event_keeps_its_id_type_and_the_clients_exact_data_and_metadata_bytes()
    {
        var batch = Parse("""{"eventId":"6f1c2b1e-8a4f-4c55-9d0e-0a8c3f2b7d11","type":"Deposited","data":{ "amount" : 1.50 },"metadata":{"by":"x"}}""");

        var e = Assert.Single(batch.Events!);
        Assert.Equal(Guid.Parse("6f1c2b1e-8a4f-4c55-9d0e-0a8c3f2b7d11"), e.EventId);
        Assert.Equal("Deposited", e.Type);
        Assert.Equal("""{ "amount" : 1.50 }""", Encoding.UTF8.GetString(e.Data.Span));
        Assert.Equal("""{"by":"x"}""", Encoding.UTF8.GetString(e.Metadata.Span));
    }

    [Fact]
    public void An_array_is_a_batch_in_order_and_missing_members_take_their_defaults()
    {
        var batch = Parse("""[{"type":"A"},{"type":"B","data":[1,2],"metadata":null,"unknown":{"x":[1]}}]""");

        Assert.Equal(["A", "B"], batch.Events!.Select(e => e.Type));
        Assert.Equal("null", Encoding.UTF8.GetString(batch.Events![0].Data.Span));
        Assert.True(batch.Events[1].Metadata.IsEmpty);
        Assert.NotEqual(batch.Events[0].EventId, batch.Events[1].EventId);
    }

    [Fact]
    public void Pretty_printed_values_are_compacted_so_each_event_stays_on_one_line()
    {
        var batch = Parse("{\"type\":\"A\",\"data\":{\n  \"a\": 1,\n  \"b\": \"x y\"\n}}");

        Assert.Equal("""{"a":1,"b":"x y"}""", Encoding.UTF8.GetString(batch.Events![0].Data.Span));
    }

    [Fact]
    public void Escaped_member_names_are_the_members_they_spell()
    {
        var batch = Parse("""{"\u0074ype":"A","d\u0061ta":7}""");

        Assert.Equal("A", batch.Events![0].Type);
        Assert.Equal("7", Encoding.UTF8.GetString(batch.Events[0].Data.Span));
    }

    [Theory]
    [InlineData("", "Malformed JSON: The input does not contain any JSON tokens")]
    [InlineData("[]", "The batch is empty")]
    [InlineData("{\"data\":1}", "type is required")]
    [InlineData("{\"type\":\"has space\"}", "type must be a string")]
    [InlineData("{\"type\":\"A\",\"eventId\":\"nope\"}", "eventId must be a UUID")]
    [InlineData("{\"type\":\"A\",\"metadata\":[1]}", "metadata must be a JSON object")]
    [InlineData("[1]", "Event 0: An event must be a JSON object")]
    [InlineData("{\"type\":\"A\"} {}", "Malformed JSON: '{' is invalid after a single JSON value")]
    [InlineData("{\"type\":", "Malformed JSON")]
    [InlineData("[{\"type\":\"A\",\"eventId\":\"6f1c2b1e-8a4f-4c55-9d0e-0a8c3f2b7d11\"},{\"type\":\"B\",\"eventId\":\"6f1c2b1e-8a4f-4c55-9d0e-0a8c3f2b7d11\"}]", "appears more than once")]
    public void Bad_bodies_are_refused_with_400_and_a_sentence_that_says_why(string body, string reason)
    {
        var batch = Parse(body);

        Assert.Null(batch.Events);
        Assert.Equal(StatusCodes.Status400BadRequest, batch.ErrorStatus);
        Assert.Contains(reason, batch.Error);
    }

    [Fact]
    public void An_event_over_the_size_limit_or_a_batch_over_the_count_limit_is_413()
    {
        var big = Parse("""{"type":"A","data":"0123456789"}""", maxEventBytes: 8);
        var many = Parse("""[{"type":"A"},{"type":"A"},{"type":"A"}]""", maxBatchEvents: 2);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, big.ErrorStatus);
        Assert.Contains("the limit is 8", big.Error);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, many.ErrorStatus);
        Assert.Contains("more than 2 events", many.Error);
    }

    [Fact]
    public void An_ingest_line_names_a_valid_stream_or_is_refused()
    {
        var (stream, e, error) = EventBatchParser.ParseIngestLine("""{"stream":"acct-1","type":"A","data":{}}"""u8.ToArray(), 1024);
        var (_, _, missing) = EventBatchParser.ParseIngestLine("""{"type":"A"}"""u8.ToArray(), 1024);
        var (_, _, invalid) = EventBatchParser.ParseIngestLine("""{"stream":"$all","type":"A"}"""u8.ToArray(), 1024);

        Assert.Equal(("acct-1", "A", null), (stream, e!.Type, error));
        Assert.Contains("stream must be a string", missing);
        Assert.Contains("stream must be a string", invalid);
    }
}
