using Cluster.Node.Health;
using Cluster.Node.Hosting;
using Cluster.Node.Membership;
using Cluster.Node.Telemetry;

// Headless node (role "node"): hosts stream entities and the journal, no public API. Its small
// HTTP listener serves health, /cluster and the Cluster Bootstrap contact-point route.
// Configured like the gateway: hocon/ files, then Storage__*, Cluster__* and akka__* settings.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?> { ["akka:cluster:roles:0"] = "node" },
});
builder.Services.AddEventCluster(builder.Configuration);

var app = builder.Build();
app.MapHealth();
app.MapMetrics();
app.MapClusterState();
app.MapBootstrapSeedNodes();
app.Run();
