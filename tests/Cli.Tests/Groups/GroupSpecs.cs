using System.Text.Json;
using Cli.Tests.Infrastructure;
using static Cluster.Tests.Shared.Api;

namespace Cli.Tests.Groups;

/// <summary><c>evc group</c>: create, tail as a member, ack, status, parked and replay against a real group.</summary>
[Collection(OpenGatewayCollection.Name)]
public sealed class GroupSpecs(OpenGateway gateway)
{
    [Fact]
    public async Task Create_is_idempotent_for_the_same_settings_and_other_settings_exit_3()
    {
        var topic = NewTopic();

        var created = (await gateway.RunAsync(["group", "create", topic, "g", "--max-deliveries", "3", "--json"])).Json();
        var again = (await gateway.RunAsync(["group", "create", topic, "g", "--max-deliveries", "3", "--json"])).Json();
        var other = await gateway.RunAsync(["group", "create", topic, "g", "--max-deliveries", "4"]);
        var missing = await gateway.RunAsync(["group", "status", topic, "nope"]);

        Assert.True(created.GetProperty("created").GetBoolean());
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Contains("409", other.AssertFailed(3), StringComparison.Ordinal);
        Assert.Contains("nope", missing.AssertFailed(2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_with_ack_consumes_the_topic_and_status_shows_the_checkpoint_caught_up()
    {
        var topic = NewTopic();
        await AppendCreatedAsync(gateway.Http, $"{topic}-1", Batch(Event("A"), Event("B")));
        await AppendCreatedAsync(gateway.Http, $"{topic}-2", Event("C"));
        Assert.Equal(0, (await gateway.RunAsync(["group", "create", topic, "g"])).ExitCode);

        var deliveries = (await gateway.RunAsync(["group", "tail", topic, "g", "--count", "3", "--ack", "--json"])).JsonLines();

        Assert.Equal(["A", "B", "C"], deliveries.Select(d => d.GetProperty("event").GetProperty("type").GetString()).Order());
        Assert.All(deliveries, d => Assert.EndsWith(".1", d.GetProperty("deliveryId").GetString(), StringComparison.Ordinal));
        var lastOffset = deliveries.Max(d => d.GetProperty("event").GetProperty("offset").GetInt64());
        var status = await StatusAsync(topic, s => s.GetProperty("checkpoint").GetInt64() == lastOffset);
        Assert.Equal((0L, 0, 0), (status.GetProperty("lag").GetInt64(), status.GetProperty("inFlight").GetInt32(), status.GetProperty("parked").GetInt32()));
        Assert.Contains("checkpoint", (await gateway.RunAsync(["group", "status", topic, "g"])).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ack_settles_a_members_delivery_once_and_reports_ids_no_longer_out()
    {
        var topic = NewTopic();
        await AppendCreatedAsync(gateway.Http, $"{topic}-1", Event("A"));
        Assert.Equal(0, (await gateway.RunAsync(["group", "create", topic, "g"])).ExitCode);

        // A member that stays connected and does not ack: the delivery is out until acked.
        await using var member = await gateway.StartAsync(["group", "tail", topic, "g", "--json"]);
        await member.WaitForLinesAsync(1);
        var id = JsonDocument.Parse(member.Lines[0]).RootElement.GetProperty("deliveryId").GetString()!;

        var acked = (await gateway.RunAsync(["group", "ack", topic, "g", id, "--json"])).Json();
        var again = (await gateway.RunAsync(["group", "ack", topic, "g", id, "--json"])).Json();

        Assert.Equal(1, acked.GetProperty("settled").GetInt32());
        Assert.Equal(0, acked.GetProperty("unknown").GetArrayLength());
        Assert.Equal(0, again.GetProperty("settled").GetInt32());
        Assert.Equal(id, again.GetProperty("unknown")[0].GetString());
        await StatusAsync(topic, s => s.GetProperty("inFlight").GetInt32() == 0 && s.GetProperty("lag").GetInt64() == 0);
    }

    [Fact]
    public async Task An_event_never_acked_is_parked_listed_and_replay_hands_it_out_again()
    {
        var topic = NewTopic();
        await AppendCreatedAsync(gateway.Http, $"{topic}-1", Event("Poison"));
        Assert.Equal(0, (await gateway.RunAsync(["group", "create", topic, "g", "--max-deliveries", "1", "--ack-timeout", "1"])).ExitCode);

        // Delivered once, never acked: with one delivery allowed it is parked.
        var delivered = (await gateway.RunAsync(["group", "tail", topic, "g", "--count", "1", "--json"])).JsonLines().Single();
        await StatusAsync(topic, s => s.GetProperty("parked").GetInt32() == 1);
        var parked = (await gateway.RunAsync(["group", "parked", topic, "g", "--json"])).Json();
        var listedTable = await gateway.RunAsync(["group", "parked", topic, "g"]);
        var replayed = (await gateway.RunAsync(["group", "replay", topic, "g", "--json"])).Json();
        var redelivered = (await gateway.RunAsync(["group", "tail", topic, "g", "--count", "1", "--ack", "--json"])).JsonLines().Single();

        var entry = Assert.Single(parked.GetProperty("parked").EnumerateArray());
        Assert.Equal(delivered.GetProperty("event").GetProperty("offset").GetInt64(), entry.GetProperty("event").GetProperty("offset").GetInt64());
        Assert.Equal(1, entry.GetProperty("deliveries").GetInt32());
        Assert.Contains("Poison", listedTable.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, replayed.GetProperty("replayed").GetInt32());
        Assert.Equal("Poison", redelivered.GetProperty("event").GetProperty("type").GetString());
        await StatusAsync(topic, s => s.GetProperty("parked").GetInt32() == 0);
        Assert.Contains("nope", (await gateway.RunAsync(["group", "replay", topic, "nope"])).AssertFailed(2), StringComparison.Ordinal);
    }

    private Task<JsonElement> StatusAsync(string topic, Func<JsonElement, bool> done) =>
        Eventually.ReadUntilAsync(
            async () => (await gateway.RunAsync(["group", "status", topic, "g", "--json"])).Json(),
            done,
            SpecTimes.Patience,
            TimeSpan.FromMilliseconds(200),
            s => $"group status: {s}");
}
