using Akka.Actor;
using Cluster.Node.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Cluster.Tests.Shared;

namespace Cluster.Node.Tests.Hosting;

/// <summary>The hosts' ActorSystem wiring: HOCON files first, then storage settings, then configuration overrides.</summary>
public sealed class HostCompositionSpecs
{
    [Fact]
    public async Task Configuration_overrides_win_over_the_hocon_files_and_the_storage_setting_reaches_every_plugin()
    {
        using var database = new TempDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["akka:cluster:roles:0"] = "node",
            ["akka:loglevel"] = "WARNING",
            ["akka:cluster:split-brain-resolver:stable-after"] = "7s",
        });
        builder.Services.AddEventCluster(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var config = host.Services.GetRequiredService<ActorSystem>().Settings.Config;
            Assert.Equal(["node"], config.GetStringList("akka.cluster.roles"));
            Assert.Equal("WARNING", config.GetString("akka.loglevel"));
            Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
            Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
            Assert.Equal(database.ConnectionString, config.GetString("akka.persistence.journal.sql.connection-string"));
            Assert.Equal(database.ConnectionString, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
            Assert.Equal("Cluster.Node.Storage.SqliteJournal, Cluster.Node", config.GetString("akka.persistence.journal.sql.class"));
            Assert.Equal("Full", config.GetString("akka.persistence.journal.sql.sqlite-synchronous"));

            var health = host.Services.GetRequiredService<HealthCheckService>();
            Task<HealthReport> ReadyAsync() => health.CheckHealthAsync(check => check.Tags.Contains("ready"));
            var report = await Eventually.ReadUntilAsync(
                ReadyAsync,
                r => r.Status == HealthStatus.Healthy,
                TimeSpan.FromSeconds(30),
                TimeSpan.FromMilliseconds(50),
                r => "The node never became ready: " + string.Join(", ", r.Entries.Select(e => $"{e.Key} {e.Value.Status} {e.Value.Description}")));
            Assert.Equal(["actor-system", "cluster-member", "journal", "shard-regions"], report.Entries.Keys.Order());
            Assert.Equal(1, database.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_journal_tags_ordering'"));
            Assert.Equal(0, database.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('journal_created_idx', 'journal_sequence_number_idx')"));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
