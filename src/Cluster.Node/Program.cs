using Cluster.Node.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// Headless node: hosts stream entities and the journal. Configured like the gateway
// (HOCON under hocon/, then Storage__* and akka__* environment variables).
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddEventCluster(builder.Configuration);
await builder.Build().RunAsync();
