using System.Text;
using Cli.Tests.Infrastructure;
using static Cluster.Tests.Shared.Api;

namespace Cli.Tests.Publishing;

/// <summary><c>evc publish</c>: one event from options, NDJSON from stdin, expected versions and refusals as exit codes.</summary>
[Collection(OpenGatewayCollection.Name)]
public sealed class PublishSpecs(OpenGateway gateway)
{
    [Fact]
    public async Task Publishing_one_event_prints_where_it_landed_and_the_same_id_again_is_already_stored()
    {
        var stream = NewStream();
        var id = Guid.NewGuid().ToString();

        var first = (await gateway.RunAsync(["publish", stream, "--type", "Deposited", "--data", """{"amount":5}""", "--id", id, "--json"])).Json();
        var again = (await gateway.RunAsync(["publish", stream, "--type", "Deposited", "--data", """{"amount":5}""", "--id", id, "--json"])).Json();

        Assert.Equal((stream, 1L, 1L, 1L, false), (first.GetProperty("stream").GetString(), first.GetProperty("firstSequence").GetInt64(), first.GetProperty("lastSequence").GetInt64(), first.GetProperty("events").GetInt64(), first.GetProperty("alreadyStored").GetBoolean()));
        Assert.True(again.GetProperty("alreadyStored").GetBoolean());
        var stored = Assert.Single(await ReadWholeStreamAsync(gateway.Http, stream));
        Assert.Equal((id, 5), (stored.GetProperty("eventId").GetString(), stored.GetProperty("data").GetProperty("amount").GetInt32()));
    }

    [Fact]
    public async Task Ndjson_on_stdin_is_stored_in_order_in_batches_that_each_expect_the_version_the_previous_left()
    {
        var stream = NewStream();
        var lines = new StringBuilder();
        for (var n = 1; n <= 250; n++)
        {
            lines.Append("{\"type\":\"Deposited\",\"data\":{\"n\":" + n + "},\"metadata\":{\"source\":\"spec\"}}").Append('\n');
            if (n == 7)
            {
                lines.Append('\n'); // blank lines are skipped
            }
        }

        // Expected version "none" holds for the first batch of 100; the next two expect 100 and 200.
        var result = (await gateway.RunAsync(["publish", stream, "--expected-version", "none", "--batch-size", "100", "--json"], stdin: lines.ToString())).Json();

        Assert.Equal((1L, 250L, 250L), (result.GetProperty("firstSequence").GetInt64(), result.GetProperty("lastSequence").GetInt64(), result.GetProperty("events").GetInt64()));
        var stored = await ReadWholeStreamAsync(gateway.Http, stream);
        Assert.Equal(Enumerable.Range(1, 250), stored.Select(e => e.GetProperty("data").GetProperty("n").GetInt32()));
        Assert.All(stored, e => Assert.Equal("spec", e.GetProperty("metadata").GetProperty("source").GetString()));

        // The same input again with "none" is refused before anything is stored.
        var refused = await gateway.RunAsync(["publish", stream, "--expected-version", "none"], stdin: lines.ToString());
        Assert.Contains("current version 250", refused.AssertFailed(3), StringComparison.Ordinal);
        Assert.Equal(250, (await ReadWholeStreamAsync(gateway.Http, stream)).Count);
    }

    [Fact]
    public async Task A_slow_producers_events_are_stored_as_they_come_with_progress_on_stderr_until_the_input_ends()
    {
        var stream = NewStream();
        await using var publish = await gateway.StartAsync(["publish", stream], keepInputOpen: true);

        for (var n = 1; n <= 3; n++)
        {
            await publish.WriteInputLineAsync("{\"type\":\"Tick\",\"data\":" + n + "}");
        }

        // Stored while stdin is still open: a batch is what has arrived, not a full --batch-size.
        await Eventually.UntilAsync(
            async () => (await gateway.Http.GetAsync($"/streams/{stream}/info")).IsSuccessStatusCode && (await ReadWholeStreamAsync(gateway.Http, stream)).Count == 3,
            SpecTimes.Patience,
            TimeSpan.FromMilliseconds(100),
            () => $"the first 3 events were not stored while the input was open: {publish.Errors}");

        // Long work shows progress (a line every 2 s when stderr is not a terminal).
        await Eventually.UntilAsync(
            () => publish.Errors.Contains($"publishing to {stream}: 3 ", StringComparison.Ordinal),
            SpecTimes.Patience,
            TimeSpan.FromMilliseconds(100),
            () => $"no progress line: {publish.Errors}");
        await publish.WriteInputLineAsync("{\"type\":\"Tick\",\"data\":4}");
        publish.CloseInput();
        var result = await publish.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"4 event(s) stored in {stream} at 1..4", result.Stdout, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3, 4], (await ReadWholeStreamAsync(gateway.Http, stream)).Select(e => e.GetProperty("data").GetInt32()));
    }

    [Fact]
    public async Task A_wrong_expected_version_exits_3_with_the_current_version_on_stderr()
    {
        var stream = NewStream();
        await AppendCreatedAsync(gateway.Http, stream, Event());

        var result = await gateway.RunAsync(["publish", stream, "--type", "Deposited", "--expected-version", "5"]);

        Assert.Contains("current version 1", result.AssertFailed(3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_stdin_line_exits_1_naming_the_line_and_what_was_stored_before_it()
    {
        var stream = NewStream();
        var input = """{"type":"A"}""" + "\n" + """{"data":1}""" + "\n";

        var line = (await gateway.RunAsync(["publish", stream, "--batch-size", "1"], stdin: input)).AssertFailed(1);

        Assert.Contains("stdin line 2", line, StringComparison.Ordinal);
        Assert.Contains("\"type\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_the_gateway_refuses_as_malformed_exits_1_with_its_problem()
    {
        var badName = await gateway.RunAsync(["publish", "not a stream name", "--type", "A"]);
        var badData = await gateway.RunAsync(["publish", NewStream(), "--type", "A", "--data", "{not json"]);
        var nothing = await gateway.RunAsync(["publish", NewStream()], stdin: "");

        Assert.Contains("400", badName.AssertFailed(1), StringComparison.Ordinal);
        Assert.Contains("--data is not JSON", badData.AssertFailed(1), StringComparison.Ordinal);
        Assert.Contains("No events on stdin", nothing.AssertFailed(1), StringComparison.Ordinal);
    }
}
