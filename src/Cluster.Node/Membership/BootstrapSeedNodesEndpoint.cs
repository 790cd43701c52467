using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Node.Membership;

/// <summary>
/// The Cluster Bootstrap contact-point route, <c>GET /bootstrap/seed-nodes</c>, served by Kestrel
/// because Akka.Management's own HTTP server cannot start with the packages served here. The body
/// is what Akka.Management's probing client parses (HttpBootstrapJsonProtocol.SeedNodes): this
/// member's address and the reachable Up/WeaklyUp/Joining members (at most 5), addresses as
/// objects, statuses as <see cref="MemberStatus"/> numbers.
/// </summary>
public static class BootstrapSeedNodesEndpoint
{
    private const int MaxSeedNodesExposed = 5;

    public static RouteHandlerBuilder MapBootstrapSeedNodes(this IEndpointRouteBuilder app) =>
        app.MapGet("/bootstrap/seed-nodes", (ActorSystem system) => Results.Json(SeedNodes(Akka.Cluster.Cluster.Get(system))))
            .Produces<SeedNodesView>(StatusCodes.Status200OK);

    internal static SeedNodesView SeedNodes(Akka.Cluster.Cluster cluster)
    {
        var self = cluster.SelfMember;
        var selfAddress = SeedAddressView.Of(cluster.SelfAddress);
        if (self.Status is MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving or MemberStatus.Removed)
        {
            return new SeedNodesView(selfAddress, []);
        }

        var state = cluster.State;
        var nodes = state.Members
            .Where(m => !state.Unreachable.Contains(m))
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)
            .Take(MaxSeedNodesExposed)
            .Select(m => new SeedMemberView(SeedAddressView.Of(m.Address), m.UniqueAddress.Uid, (int)m.Status, [.. m.Roles]))
            .ToList();
        return new SeedNodesView(selfAddress, nodes);
    }

    // Property names as Akka.Management's protocol classes spell them (its parser ignores case anyway).
    internal sealed record SeedNodesView(SeedAddressView SelfNode, IReadOnlyList<SeedMemberView> Nodes);

    internal sealed record SeedMemberView(SeedAddressView Node, long NodeUid, int Status, string[] Roles);

    internal sealed record SeedAddressView(string Protocol, string System, string? Host, int? Port)
    {
        public static SeedAddressView Of(Address address) => new(address.Protocol, address.System, address.Host, address.Port);
    }
}
