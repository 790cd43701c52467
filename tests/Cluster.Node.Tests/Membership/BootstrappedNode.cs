using Akka.Actor;
using Akka.Hosting;
using Cluster.Node.Hosting;
using Cluster.Node.Membership;
using Cluster.Node.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cluster.Node.Tests.Membership;

/// <summary>
/// One node host in this process, wired exactly as src/Cluster.Node's Program: its own ActorSystem,
/// Kestrel on a free loopback port serving the bootstrap route, and Cluster Bootstrap with the
/// config discovery method over the given contact points.
/// </summary>
public sealed class BootstrappedNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BootstrappedNode(WebApplication app, int httpPort)
    {
        _app = app;
        HttpPort = httpPort;
    }

    public int HttpPort { get; }

    public ActorSystem System => _app.Services.GetRequiredService<ActorSystem>();

    public IActorRef Region => _app.Services.GetRequiredService<ActorRegistry>().Get<StreamRegion>();

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    public static async Task<BootstrappedNode> StartAsync(int httpPort, int remotingPort, IReadOnlyList<int> contactPorts, string connectionString)
    {
        var builder = WebApplication.CreateBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{httpPort}",
            ["Storage:ConnectionString"] = connectionString,
            ["Cluster:Hostname"] = "127.0.0.1",
            ["Cluster:Port"] = remotingPort.ToString(global::System.Globalization.CultureInfo.InvariantCulture),
            ["akka:cluster:roles:0"] = "node",
            ["akka:loglevel"] = "WARNING",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < contactPorts.Count; i++)
        {
            settings[$"Cluster:ContactPoints:{i}"] = $"127.0.0.1:{contactPorts[i]}";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEventCluster(builder.Configuration);
        var app = builder.Build();
        app.MapBootstrapSeedNodes();
        await app.StartAsync();
        return new BootstrappedNode(app, httpPort);
    }

    /// <summary>Leaves the cluster gracefully (coordinated shutdown hands its shards off) and stops.</summary>
    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped.
        }

        await _app.DisposeAsync();
    }
}
