using System.Net;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Retention;

/// <summary><c>POST</c>/<c>GET /admin/scavenge</c> against a real gateway.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class ScavengeSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_requested_scavenge_runs_and_reports_what_it_removed_and_a_recreated_stream_numbers_on()
    {
        var stream = NewStream();
        using (var appended = await PostAsync(_client, stream, Batch(Event(), Event(), Event())))
        {
            Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        }

        (await _client.DeleteAsync($"/streams/{stream}")).Dispose();
        var before = DateTimeOffset.UtcNow;

        using var started = await _client.PostAsync("/admin/scavenge", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var status = await Eventually.ReadUntilAsync(
            () => GetJsonAsync(_client, "/admin/scavenge"),
            s => s.GetProperty("lastRun").ValueKind == JsonValueKind.Object && s.GetProperty("lastRun").GetProperty("startedAt").GetDateTimeOffset() >= before.AddSeconds(-1),
            Patience,
            TimeSpan.FromMilliseconds(100),
            s => $"no run finished: {s.GetRawText()}");

        // Other specs share this gateway and delete too: at least this stream's three events went.
        Assert.True(status.GetProperty("lastRun").GetProperty("removedEvents").GetInt64() >= 3, status.GetRawText());
        Assert.True(status.GetProperty("lastRun").GetProperty("reclaimedBytes").GetInt64() > 0, status.GetRawText());
        Assert.Contains(status.GetProperty("state").GetString(), new[] { "idle", "running" });

        using var recreated = await PostAsync(_client, stream, Event(), expectedVersion: "none");
        Assert.Equal(4, (await JsonAsync(recreated)).GetProperty("firstSequence").GetInt64());
    }
}
