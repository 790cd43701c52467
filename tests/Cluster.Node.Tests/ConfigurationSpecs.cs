using Cluster.Node.Hosting;
using Cluster.Node.Storage;

namespace Cluster.Node.Tests;

/// <summary>The effective values that matter, as loaded from hocon/ in the hosts' order.</summary>
public sealed class ConfigurationSpecs
{
    private readonly Akka.Configuration.Config _config = HoconFiles.Load();

    [Fact]
    public void The_default_is_a_one_node_cluster_with_both_roles_and_no_seed_nodes()
    {
        Assert.Equal("cluster", _config.GetString("akka.actor.provider"));
        Assert.Equal(["gateway", "node"], _config.GetStringList("akka.cluster.roles"));
        Assert.True(_config.GetBoolean("event-cluster.join-self"));
        Assert.False(_config.HasPath("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void Split_brain_resolver_keeps_the_majority_of_node_members()
    {
        Assert.Contains("SplitBrainResolverProvider", _config.GetString("akka.cluster.downing-provider-class"), StringComparison.Ordinal);
        Assert.Equal("keep-majority", _config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("node", _config.GetString("akka.cluster.split-brain-resolver.keep-majority.role"));
    }

    [Fact]
    public void No_hocon_file_lists_seed_nodes()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "hocon");
        var files = Directory.GetFiles(folder, "*.conf");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var config = Akka.Configuration.ConfigurationFactory.ParseString(File.ReadAllText(file));
            Assert.True(!config.HasPath("akka.cluster.seed-nodes") || config.GetStringList("akka.cluster.seed-nodes").Count == 0, $"{Path.GetFileName(file)} lists seed nodes.");
        }
    }

    [Fact]
    public void Contact_points_switch_membership_to_bootstrap_with_config_discovery()
    {
        var bootstrap = Cluster.Node.Membership.MembershipHocon.From(new Cluster.Node.Membership.MembershipOptions
        {
            Hostname = "10.0.0.5",
            Port = 4053,
            ContactPoints = ["node-0:8558", "node-1:8558", "node-2:8558"],
        }).WithFallback(_config);

        Assert.False(bootstrap.GetBoolean("event-cluster.join-self"));
        Assert.Equal("config", bootstrap.GetString("akka.discovery.method"));
        Assert.Equal(["node-0:8558", "node-1:8558", "node-2:8558"], bootstrap.GetStringList("akka.discovery.config.services.event-cluster.endpoints"));
        Assert.Equal(3, bootstrap.GetInt("akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
        Assert.False(bootstrap.GetBoolean("akka.management.cluster.bootstrap.contact-point.filter-on-fallback-port"));
        Assert.Equal("10.0.0.5", bootstrap.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(4053, bootstrap.GetInt("akka.remote.dot-netty.tcp.port"));
    }

    [Fact]
    public void Postgres_is_chosen_by_configuration()
    {
        var postgres = HoconFiles.Load(new PostgresStore("Host=db").HoconFile);
        Assert.Equal("PostgreSQL.15", postgres.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("PostgreSQL.15", postgres.GetString("akka.persistence.snapshot-store.sql.provider-name"));
        Assert.True(postgres.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        Assert.Equal("Cluster.Node.Storage.PostgresJournal, Cluster.Node", postgres.GetString("akka.persistence.journal.sql.class"));
        Assert.Equal("Csv", postgres.GetString("akka.persistence.journal.sql.tag-write-mode"));
    }

    [Fact]
    public void Streams_use_the_sql_journal_on_sqlite_with_csv_tags()
    {
        Assert.Equal("akka.persistence.journal.sql", _config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", _config.GetString("akka.persistence.snapshot-store.plugin"));
        Assert.Equal("SQLite.MS", _config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("Csv", _config.GetString("akka.persistence.journal.sql.tag-write-mode"));
    }

    [Fact]
    public void Project_messages_are_bound_to_the_project_serializer()
    {
        Assert.Equal("cluster-messages", _config.GetString("akka.actor.serialization-bindings.\"Messages.IClusterMessage, Messages\""));
        Assert.StartsWith("Messages.Serialization.ClusterMessageSerializer", _config.GetString("akka.actor.serializers.cluster-messages"), StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_entities_passivate_and_keep_a_ten_thousand_id_window()
    {
        Assert.Equal(TimeSpan.FromSeconds(120), _config.GetTimeSpan("akka.cluster.sharding.passivate-idle-entity-after"));
        Assert.False(_config.GetBoolean("akka.cluster.sharding.remember-entities"));
        Assert.Equal(10_000, _config.GetInt("event-cluster.streams.idempotency-window"));
        Assert.True(_config.GetInt("event-cluster.sharding.shard-count") > 0);
    }

    [Fact]
    public void A_node_keeps_its_live_stream_entities_within_128_MiB_checked_every_second()
    {
        Assert.Equal(128L * 1024 * 1024, _config.GetByteSize("event-cluster.streams.entity-memory-budget"));
        Assert.Equal(TimeSpan.FromSeconds(1), _config.GetTimeSpan("event-cluster.streams.entity-memory-check-interval"));
    }

    [Fact]
    public void The_sqlite_store_commits_with_full_synchronous_writes_in_wal_mode()
    {
        using var database = new TempDatabase();
        Assert.Equal(2, database.Store.SynchronousLevel());
        Assert.Equal(0, database.Scalar("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode <> 'wal'"));
    }
}
