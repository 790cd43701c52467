using Akka.Actor;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Node.Membership;

/// <summary>
/// Starts Cluster Bootstrap once Kestrel listens (Akka.Hosting starts the ActorSystem earlier, and
/// the first probe of our own <c>/bootstrap/seed-nodes</c> would be refused). Bootstrap's "self"
/// contact point is this process's HTTP endpoint as other members list it: the configured contact
/// point host and the port Kestrel actually bound.
/// </summary>
public sealed class ClusterBootstrapStarter(
    ActorSystem system,
    MembershipOptions options,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<ClusterBootstrapStarter> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Start);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Start()
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reports no listening address; Cluster Bootstrap needs one.");
        var self = new UriBuilder(listening) { Host = options.ContactPointHost ?? options.Hostname, Path = "/" }.Uri;
        log.LogInformation("Starting Cluster Bootstrap: self contact point {Self}, contact points {ContactPoints}", self, string.Join(", ", options.ContactPoints));

        var bootstrap = ClusterBootstrap.Get(system);
        bootstrap.Routes(ManagementRouteProviderSettings.Create(self, true));
        bootstrap.Start().ContinueWith(
            t => log.LogError(t.Exception, "Cluster Bootstrap failed to start"),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }
}

/// <summary>Registers membership: the options, and the bootstrap starter when there are contact points (it needs Kestrel).</summary>
public static class MembershipServices
{
    public static IServiceCollection AddMembership(this IServiceCollection services, MembershipOptions options)
    {
        services.AddSingleton(options);
        if (options.UsesBootstrap)
        {
            services.AddHostedService<ClusterBootstrapStarter>();
        }

        return services;
    }
}
