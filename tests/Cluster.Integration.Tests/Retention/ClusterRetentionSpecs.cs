using System.Net;
using System.Text;
using System.Text.Json;
using Cluster.Integration.Tests.Infrastructure;
using Cluster.Tests.Shared;
using Npgsql;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Integration.Tests.Retention;

/// <summary>
/// Deletes and the scavenge on three nodes and two gateways over PostgreSQL: a delete made through
/// one gateway is what every reader on the other sees at once, and a scavenge whose process is
/// killed with SIGKILL loses nothing readable; the next one finishes the job.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterRetentionSpecs(PostgresServer postgres)
{
    private const int EventsPerStream = 100;

    /// <summary>Readable after the deletes: ten whole streams but for ret-10's first 50 and all but ret-11's last 10.</summary>
    private const int Kept = (10 * EventsPerStream) - 50 - 90;

    [Fact]
    public async Task A_delete_through_one_gateway_is_seen_through_the_other_and_a_killed_scavenge_is_finished_by_the_next()
    {
        var database = await postgres.CreateDatabaseAsync();

        // Batches of one row and a short lease: the scavenge is slow enough to be killed mid-way,
        // and a dead run's lease expires within the spec.
        await using var cluster = await ClusterProcesses.StartAsync(database, gateways: 2, gatewaySettings: new Dictionary<string, string>
        {
            ["Retention__ScavengeBatchSize"] = "1",
            ["Retention__LeaseTimeout"] = "00:00:03",
        });
        var (writer, reader) = (cluster.Gateways[0], cluster.Gateways[1]);
        var streams = Enumerable.Range(0, 20).Select(i => $"ret-{i}").ToList();
        foreach (var stream in streams)
        {
            using var appended = await PostAsync(writer, stream, Batch([.. Enumerable.Range(0, EventsPerStream).Select(_ => Event())]));
            Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        }

        // Deleted through one gateway, gone at once through the other, for every kind of reader.
        var deleted = streams.Take(10).ToList();
        foreach (var stream in deleted)
        {
            using var response = await writer.DeleteAsync($"/streams/{stream}{(stream == "ret-0" ? "?hard=true" : "")}");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        // Truncated and limited through the writer's gateway too: ret-10 from sequence 51, ret-11 its last 10.
        using (var truncated = await writer.PostAsync("/streams/ret-10/truncate", new StringContent("""{"before":51}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, truncated.StatusCode);
        }

        using (var limited = await writer.PutAsync("/streams/ret-11/settings", new StringContent("""{"maxCount":10}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
        }

        await AssertProblemAsync(await reader.GetAsync("/streams/ret-0"), HttpStatusCode.Gone);
        await AssertProblemAsync(await reader.GetAsync("/streams/ret-1"), HttpStatusCode.NotFound);
        Assert.Equal(51, (await ReadWholeStreamAsync(reader, "ret-10"))[0].GetProperty("sequence").GetInt64());
        Assert.Equal(10, (await ReadWholeStreamAsync(reader, "ret-11")).Count);
        var readable = await ReadWholeTopicAsync(reader, "ret");
        Assert.Equal(Kept, readable.Count);
        Assert.DoesNotContain(readable, e => deleted.Contains(e.GetProperty("stream").GetString()!));
        // A subscription on the other gateway catches up on what is readable only, then goes live.
        await using (var subscription = await SseClient.ConnectAsync(reader, "/topics/ret/subscribe"))
        {
            for (var i = 0; i < readable.Count; i++)
            {
                var message = await subscription.NextEventAsync(Patience);
                Assert.DoesNotContain(JsonDocument.Parse(message.Data!).RootElement.GetProperty("stream").GetString(), deleted);
            }

            using var again = await PostAsync(writer, "ret-1", Event("Reopened"), expectedVersion: "none");
            Assert.Equal(EventsPerStream + 1, (await JsonAsync(again)).GetProperty("firstSequence").GetInt64());
            Assert.Equal("Reopened", (await subscription.NextEventAsync(Patience)).Event);
        }

        // A scavenge started through the reader's gateway dies with it, half done.
        using (var started = await reader.PostAsync("/admin/scavenge", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        await Eventually.UntilAsync(async () => await RemovedSoFarAsync(database) > 0, Patience, TimeSpan.FromMilliseconds(20), () => "the scavenge never started");
        cluster.GatewayProcesses[1].Kill();
        var removedByTheDead = await RemovedSoFarAsync(database);
        Assert.True(await UnscavengedAsync(database, deleted) > 0, "the scavenge finished before it could be killed");

        // Nothing readable was lost; the next scavenge (once the dead one's lease expired) finishes the job.
        Assert.Equal(Kept + 1, (await ReadWholeTopicAsync(writer, "ret")).Count);
        var status = await Eventually.ReadUntilAsync(
            async () =>
            {
                (await writer.PostAsync("/admin/scavenge", null)).Dispose();
                return await GetJsonAsync(writer, "/admin/scavenge");
            },
            s => s.GetProperty("lastRun").ValueKind == JsonValueKind.Object,
            Patience,
            TimeSpan.FromMilliseconds(500),
            s => $"no scavenge finished: {s.GetRawText()}");
        Assert.Equal(0, await UnscavengedAsync(database, deleted));
        Assert.True(status.GetProperty("lastRun").GetProperty("removedEvents").GetInt64() >= removedByTheDead, status.GetRawText());
        Assert.Equal(Kept + 1, (await ReadWholeTopicAsync(writer, "ret")).Count);
        using var afterScavenge = await PostAsync(writer, "ret-2", Event(), expectedVersion: "none");
        Assert.Equal(EventsPerStream + 1, (await JsonAsync(afterScavenge)).GetProperty("firstSequence").GetInt64());
    }

    /// <summary>Rows of the deleted streams still holding a payload (the scavenge leaves one emptied row per stream).</summary>
    private static async Task<long> UnscavengedAsync(string database, IReadOnlyList<string> streams) =>
        await ScalarAsync(database, $"SELECT COUNT(*) FROM journal WHERE persistence_id IN ({string.Join(",", streams.Select(s => $"'{s}'"))}) AND NOT deleted AND sequence_number <= {EventsPerStream}");

    private static async Task<long> RemovedSoFarAsync(string database) =>
        await ScalarAsync(database, "SELECT COALESCE((SELECT removed_events FROM scavenge_state WHERE id = 1), 0)");

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
