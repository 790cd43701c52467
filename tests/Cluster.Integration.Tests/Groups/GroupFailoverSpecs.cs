using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cluster.Integration.Tests.Infrastructure;
using Cluster.Tests.Shared;
using Xunit.Abstractions;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Integration.Tests.Groups;

/// <summary>
/// A consumer group on three node processes over PostgreSQL: kill -9 the node that hosts the
/// group while a member is consuming. The group comes back on another node from its persisted
/// checkpoint, the member (on the gateway) joins it again by itself, and every event is delivered:
/// none skipped, and none acknowledged before the kill delivered more than once afterwards.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GroupFailoverSpecs(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan FailoverPatience = 3 * Patience; // a node is downed, its shards move

    [Fact]
    public async Task A_groups_checkpoint_survives_a_kill_of_its_node_and_nothing_is_skipped()
    {
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync());
        var gateway = cluster.Gateway;
        const int streams = 8;
        const int perStream = 5;
        for (var i = 0; i < streams * perStream; i++)
        {
            using var published = await Api.PostAsync(gateway, $"gf-{i % streams}", Api.Event());
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        }

        using (var created = await gateway.PutAsync("/topics/gf/groups/g", new StringContent("""{"ackTimeoutSeconds":5}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var member = await SseClient.ConnectAsync(gateway, "/topics/gf/groups/g/subscribe");
        var ackedBeforeKill = new HashSet<long>();
        var lastSequence = new Dictionary<string, long>();
        while (ackedBeforeKill.Count < streams * perStream / 2)
        {
            var (offset, stream, sequence, id) = Parse(await member.NextEventAsync(Patience));
            Assert.True(sequence > lastSequence.GetValueOrDefault(stream), $"{stream} delivered {sequence} after {lastSequence.GetValueOrDefault(stream)}");
            lastSequence[stream] = sequence;
            await AckAsync(gateway, id);
            ackedBeforeKill.Add(offset);
        }

        var status = await Api.GetJsonAsync(gateway, "/topics/gf/groups/g");
        var host = status.GetProperty("node").GetString()!;
        output.WriteLine($"group on {host}, checkpoint {status.GetProperty("checkpoint").GetInt64()}, acked {ackedBeforeKill.Count}");
        cluster.NodeAt(host).Kill();

        // The member keeps its connection to the gateway; deliveries resume once the group is back.
        var deliveredAfterKill = new Dictionary<long, int>();
        var acked = new HashSet<long>(ackedBeforeKill);
        var all = (await Api.ReadWholeTopicAsync(gateway, "gf")).Select(e => e.GetProperty("offset").GetInt64()).ToHashSet();
        while (!all.IsSubsetOf(acked))
        {
            var (offset, _, _, id) = Parse(await member.NextEventAsync(FailoverPatience));
            deliveredAfterKill[offset] = deliveredAfterKill.GetValueOrDefault(offset) + 1;
            if (await AckAsync(gateway, id))
            {
                acked.Add(offset);
            }
        }

        Assert.All(ackedBeforeKill, offset => Assert.True(deliveredAfterKill.GetValueOrDefault(offset) <= 1, $"offset {offset} came {deliveredAfterKill.GetValueOrDefault(offset)} times after the kill"));
        await cluster.WaitUntilAsync(
            async () =>
            {
                var after = await Api.GetJsonAsync(gateway, "/topics/gf/groups/g");
                return after.GetProperty("lag").GetInt64() == 0 && after.GetProperty("checkpoint").GetInt64() == all.Max();
            },
            "the group's checkpoint at the topic's last event");
        output.WriteLine($"redelivered after the kill: {deliveredAfterKill.Count(d => ackedBeforeKill.Contains(d.Key))} of {ackedBeforeKill.Count} acknowledged before it");
    }

    private static (long Offset, string Stream, long Sequence, string Id) Parse(SseMessage message)
    {
        var e = JsonDocument.Parse(message.Data!).RootElement;
        return (e.GetProperty("offset").GetInt64(), e.GetProperty("stream").GetString()!, e.GetProperty("sequence").GetInt64(), message.Id!);
    }

    /// <summary>Acks one delivery; false when the group no longer knew it (it will come again) or did not answer yet.</summary>
    private static async Task<bool> AckAsync(HttpClient gateway, string id)
    {
        using var response = await gateway.PostAsJsonAsync("/topics/gf/groups/g/ack", new { ids = new[] { id } });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return false;
        }

        var body = await Api.JsonAsync(response);
        return body.GetProperty("accepted").GetInt32() == 1;
    }
}
