using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Cluster.Node.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Node.Membership;

/// <summary><c>GET /cluster</c>: this member, every member with roles and status, and the stream shards each node hosts.</summary>
public static class ClusterEndpoints
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(3);

    public static RouteHandlerBuilder MapClusterState(this IEndpointRouteBuilder app) =>
        app.MapGet("/cluster", GetAsync).Produces<ClusterView>(StatusCodes.Status200OK);

    private static async Task<IResult> GetAsync(ActorSystem system, IRequiredActor<StreamRegion> region, CancellationToken ct) =>
        Results.Ok(await ReadAsync(system, region.ActorRef, ct));

    /// <summary>This member, every member, and the shards and stream entities each node hosts (empty while sharding does not answer).</summary>
    public static async Task<ClusterView> ReadAsync(ActorSystem system, IActorRef region, CancellationToken ct)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members
            .Select(m => new MemberView(m.Address.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)], m.Status.ToString(), state.Unreachable.Contains(m)))
            .ToList();

        var placement = new SortedDictionary<string, IDictionary<string, int>>(StringComparer.Ordinal);
        try
        {
            var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1), ct);
            foreach (var (address, regionStats) in stats.Regions)
            {
                placement[address.ToString()] = new SortedDictionary<string, int>(regionStats.Stats.ToDictionary(), StringComparer.Ordinal);
            }
        }
        catch (AskTimeoutException)
        {
            // Sharding not answering (e.g. while the cluster forms): members are still worth showing.
        }

        // The per-node counts are the placement's, summed.
        var shards = new SortedDictionary<string, int>(placement.ToDictionary(p => p.Key, p => p.Value.Count), StringComparer.Ordinal);
        var entities = new SortedDictionary<string, int>(placement.ToDictionary(p => p.Key, p => p.Value.Values.Sum()), StringComparer.Ordinal);
        return new ClusterView(cluster.SelfAddress.ToString(), members, shards, entities, placement);
    }
}

public sealed record MemberView(string Address, string[] Roles, string Status, bool Unreachable);

/// <param name="Shards">Per node address, how many stream shards it hosts.</param>
/// <param name="Entities">Per node address, how many stream entities are running there.</param>
/// <param name="Placement">Per node address, its shards by id with the entities running in each.</param>
public sealed record ClusterView(
    string Self,
    IReadOnlyList<MemberView> Members,
    IDictionary<string, int> Shards,
    IDictionary<string, int> Entities,
    IDictionary<string, IDictionary<string, int>> Placement);
