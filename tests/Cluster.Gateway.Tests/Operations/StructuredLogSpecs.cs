using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Operations;

/// <summary>Cluster events are logged as one JSON line each, with their fields, by a real gateway process.</summary>
public sealed class StructuredLogSpecs
{

    [Fact]
    public async Task Member_up_and_shards_arriving_are_each_one_json_line_with_fields()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging__LogLevel__Cluster.Membership"] = "Information",
            ["Logging__LogLevel__Cluster.Node.Telemetry.ShardCensus"] = "Information",
        });
        (await PostAsync(gateway.Client, NewStream(), Event())).Dispose();

        var lines = await Eventually.ReadUntilAsync(
            () => Task.FromResult(gateway.ReadLog().Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()),
            logged => logged.Any(l => Category(l) == "Cluster.Node.Telemetry.ShardCensus"),
            Patience,
            TimeSpan.FromMilliseconds(200),
            _ => "No shard census line was logged.");

        var up = Assert.Single(lines, l => Category(l) == "Cluster.Membership" && State(l, "Change") == "MemberUp");
        Assert.Equal(State(up, "Self"), State(up, "Member"));
        Assert.Contains("gateway", State(up, "Roles"), StringComparison.Ordinal);
        var shards = lines.First(l => Category(l) == "Cluster.Node.Telemetry.ShardCensus");
        Assert.True(int.Parse(State(shards, "Arrived")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    private static string? Category(JsonElement line) => line.TryGetProperty("Category", out var c) ? c.GetString() : null;

    private static string? State(JsonElement line, string field) =>
        line.GetProperty("State").TryGetProperty(field, out var value) ? value.ToString() : null;
}
