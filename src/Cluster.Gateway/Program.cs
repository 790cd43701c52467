using Cluster.Gateway;
using Cluster.Node.Health;
using Cluster.Gateway.Dashboard;
using Cluster.Gateway.Groups;
using Cluster.Gateway.Http;
using Cluster.Gateway.Security;
using Cluster.Gateway.Ingestion;
using Cluster.Gateway.Retention;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Streams;
using Cluster.Gateway.Subscriptions;
using Cluster.Gateway.Topics;
using Cluster.Gateway.Webhooks;
using Cluster.Node.Hosting;
using Cluster.Node.Membership;
using Cluster.Gateway.Stats;
using Cluster.Node.Storage;
using Cluster.Node.Telemetry;

// Content root = the binaries' folder, so appsettings.json and hocon/ are found wherever the
// process is started from; relative data paths (data/events.db) stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

var gatewayOptions = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
var rateLimit = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
var apiKeys = new ApiKeys(security);
builder.Services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.Section));
builder.Services.AddSingleton(apiKeys);
builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.Section));
builder.Services.AddProblemDetails();
builder.Services.AddDashboardSession();
builder.Services.AddGatewayOpenApi();
builder.Services.AddPublishRateLimit(rateLimit);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = gatewayOptions.MaxRequestBytes;
    kestrel.Limits.MaxRequestHeadersTotalSize = gatewayOptions.MaxRequestHeadersBytes;
    kestrel.Limits.MaxRequestHeaderCount = gatewayOptions.MaxRequestHeaderCount;
});

var signals = new CommitSignals();
var commitFeed = new CommitFeedReadiness();
builder.Services.AddSingleton(signals);
builder.Services.AddSingleton(commitFeed);
builder.Services.AddHealthChecks().AddCheck<CommitFeedCheck>("commit-feed", tags: [HealthEndpoints.ReadyTag]);
builder.Services.AddSingleton<AppendGate>();
builder.Services.AddSingleton<IngestPipeline>();
var topicStats = new TopicStats();
var groupDirectory = new GroupDirectory();
builder.Services.AddSingleton(topicStats);
builder.Services.AddSingleton(groupDirectory);
builder.Services.AddEventCluster(builder.Configuration, akka => akka
    .WithCommitListener(signals, commitFeed)
    .WithTopicStats(topicStats)
    .WithGroupDirectory(groupDirectory));

var app = builder.Build();
LoopbackGuard.Check(app.Configuration, apiKeys, app.Logger);
app.Logger.LogInformation("Storing events in {Storage} (working directory {Directory})",
    app.Services.GetRequiredService<JournalStore>().Describe(), Environment.CurrentDirectory);
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAppendMetrics();
app.UseMiddleware<ApiKeyMiddleware>();
if (PublishRateLimit.IsOn(app.Configuration))
{
    app.UseRateLimiter();
}

app.MapDashboard();
app.MapApiDescription();

app.MapHealth();
app.MapMetrics().Requires(Right.Admin, TopicFrom.Cluster);
app.MapClusterState().Requires(Right.Admin, TopicFrom.Cluster)
    .WithTags("Operations")
    .WithSummary("This member, every member with its roles and status, and the shards and entities each node hosts.");
app.MapBootstrapSeedNodes().Requires(Right.Admin, TopicFrom.Cluster)
    .WithTags("Operations")
    .WithSummary("The seed nodes this node would join or form a cluster with (cluster bootstrap).");
app.MapAppend();
app.MapIngest();
app.MapStreamReads();
app.MapTopicOverview();
app.MapTopicReads();
app.MapSubscriptions();
app.MapGroups();
app.MapStreamDeletes();
app.MapRetentionSettings();
app.MapScavenge();
app.MapWebhooks();

app.Run();
