using System.Net;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Retention;

/// <summary>Retention per stream and per topic over HTTP: stored, read back, applied by every read at once.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class RetentionSettingsSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_streams_maxCount_keeps_its_newest_events_readable_and_reads_back()
    {
        var stream = NewStream();
        await AppendCreatedAsync(_client, stream, Batch(Event("E1"), Event("E2"), Event("E3"), Event("E4")));

        var put = await PutAsync($"/streams/{stream}/settings", """{"maxCount":2}""");
        Assert.Equal((2L, JsonValueKind.Null), (put.GetProperty("maxCount").GetInt64(), put.GetProperty("maxAgeSeconds").ValueKind));
        Assert.Equal(2, (await GetJsonAsync(_client, $"/streams/{stream}/settings")).GetProperty("maxCount").GetInt64());
        Assert.Equal(["E3", "E4"], Types(await ReadWholeStreamAsync(_client, stream)));

        await AppendCreatedAsync(_client, stream, Event("E5"));
        Assert.Equal(["E4", "E5"], Types(await ReadWholeStreamAsync(_client, stream)));

        await PutAsync($"/streams/{stream}/settings", """{"maxCount":null}""");
        Assert.Equal(5, (await ReadWholeStreamAsync(_client, stream)).Count);
    }

    [Fact]
    public async Task A_topics_setting_applies_to_its_streams_and_a_streams_own_setting_wins()
    {
        var topic = NewTopic();
        var (plain, own) = ($"{topic}-plain", $"{topic}-own");
        await AppendCreatedAsync(_client, plain, Batch(Event("P1"), Event("P2"), Event("P3")));
        await AppendCreatedAsync(_client, own, Batch(Event("O1"), Event("O2"), Event("O3")));

        await PutAsync($"/topics/{topic}/settings", """{"maxCount":1}""");
        await PutAsync($"/streams/{own}/settings", """{"maxCount":2}""");

        Assert.Equal(["P3"], Types(await ReadWholeStreamAsync(_client, plain)));
        Assert.Equal(["O2", "O3"], Types(await ReadWholeStreamAsync(_client, own)));
        Assert.Equal(["P3", "O2", "O3"], Types(await ReadWholeTopicAsync(_client, topic)));
        Assert.Equal(1, (await GetJsonAsync(_client, $"/topics/{topic}/settings")).GetProperty("maxCount").GetInt64());
    }

    [Fact]
    public async Task Events_older_than_maxAgeSeconds_stop_being_readable()
    {
        var stream = NewStream();
        await AppendCreatedAsync(_client, stream, Event("Old"));
        await PutAsync($"/streams/{stream}/settings", """{"maxAgeSeconds":1}""");

        await Eventually.UntilAsync(
            async () => (await ReadWholeStreamAsync(_client, stream)).Count == 0,
            Patience,
            TimeSpan.FromMilliseconds(200),
            () => "the old event stayed readable");
        await AppendCreatedAsync(_client, stream, Event("New"));
        Assert.Equal(["New"], Types(await ReadWholeStreamAsync(_client, stream)));
    }

    [Theory]
    [InlineData("""{"maxCount":0}""")]
    [InlineData("""{"maxCount":-1}""")]
    [InlineData("""{"maxAgeSeconds":"60"}""")]
    [InlineData("""{"maxEvents":5}""")]
    [InlineData("""[]""")]
    public async Task Bad_settings_are_400(string body)
    {
        using var response = await _client.PutAsync($"/streams/{NewStream()}/settings", Json(body));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task All_has_no_settings_of_its_own()
    {
        using var response = await _client.PutAsync("/topics/$all/settings", Json("""{"maxCount":1}"""));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private async Task<JsonElement> PutAsync(string path, string body)
    {
        using var response = await _client.PutAsync(path, Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }
}
