using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Akka.Persistence.Sql;
using Cluster.Node.Groups;
using Cluster.Node.Health;
using Cluster.Node.Membership;
using Cluster.Node.Reads;
using Cluster.Node.Scavenging;
using Cluster.Node.Storage;
using Cluster.Node.Streams;
using Cluster.Node.Telemetry;
using Cluster.Node.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Node.Hosting;

/// <summary>
/// The ActorSystem wiring every host shares: HOCON files in their fixed order, then the storage
/// settings, then overrides from the <c>akka</c> and <c>event-cluster</c> configuration sections
/// (environment variables such as <c>akka__cluster__roles__0=node</c>), with the persistence plugin's
/// defaults as the last fallback.
/// </summary>
public static class EventClusterHosting
{
    public const string ActorSystemName = "event-cluster";

    /// <summary>HOCON roots that configuration (environment variables such as <c>event-cluster__streams__snapshot-every=500</c>) may override.</summary>
    private static readonly string[] OverridableRoots = ["akka", "event-cluster"];

    public static IServiceCollection AddEventCluster(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<AkkaConfigurationBuilder>? configure = null)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var store = JournalStore.Create(storage);
        var membership = configuration.GetSection(MembershipOptions.Section).Get<MembershipOptions>() ?? new MembershipOptions();
        ThreadPoolFloor.Raise(configuration.GetValue("ThreadPool:MinThreads", ThreadPoolFloor.DefaultMinimumThreads));

        // E.g. the SQLite file must be in WAL mode before the journal's first connection opens it.
        store.Prepare();

        services.AddSingleton(storage);
        services.AddSingleton(store);
        services.AddSingleton(new StreamLifecycleTable(store));
        services.AddSingleton(new RetentionSettingsTable(store));
        var scavengeOptions = (configuration.GetSection(ScavengeOptions.Section).Get<ScavengeOptions>() ?? new ScavengeOptions()).Validated();
        var scavengeState = new ScavengeState(store);
        services.AddSingleton(scavengeState);
        services.AddSingleton(new Scavenger(store, scavengeState, scavengeOptions));
        services.AddSingleton(scavengeOptions);
        services.AddSingleton<ScavengeService>();
        services.AddHostedService(sp => sp.GetRequiredService<ScavengeService>());
        services.AddSingleton(sp => new JournalReader(store, sp.GetRequiredService<ActorSystem>()));
        services.AddEventClusterHealth();
        services.AddEventClusterMetrics();
        services.AddEventClusterTracing(configuration);
        services.AddMembership(membership);
        services.AddHostedService<JournalStartup>();
        services.AddHostedService<StopWhenActorSystemTerminates>();

        var hocon = HoconFiles.Load(store.HoconFile);
        services.AddSingleton(GroupEntitySettings.From(hocon));
        var webhookOptions = (configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions()).Validated();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton(sp => new WebhookServices(sp.GetRequiredService<WebhookSender>(), webhookOptions));
        services.AddAkka(ActorSystemName, builder =>
        {
            builder
                .AddHocon(hocon, HoconAddMode.Prepend)
                .AddHocon(PersistenceHocon.ConnectionSettings(store), HoconAddMode.Prepend)
                .AddHocon(MembershipHocon.From(membership), HoconAddMode.Prepend)
                .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
                .AddHocon(ExtensionSettings.Defaults, HoconAddMode.Append)
                .WithActors((system, _) =>
                {
                    if (system.Settings.Config.GetBoolean("event-cluster.join-self"))
                    {
                        var cluster = Akka.Cluster.Cluster.Get(system);
                        cluster.Join(cluster.SelfAddress);
                    }
                });

            if (store.PluginSetup is { } pluginSetup)
            {
                builder.AddSetup(pluginSetup);
            }

            // An empty section would come through as an empty value and hide every default.
            foreach (var root in OverridableRoots)
            {
                var overrides = configuration.GetSection(root);
                if (overrides.GetChildren().Any())
                {
                    builder.AddHocon(overrides, HoconAddMode.Prepend);
                }
            }

            // Akka's own log (cluster, sharding, persistence failures) goes through the host's
            // logging, as structured lines next to the project's own.
            builder.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            builder.WithClusterEventLog();
            builder.WithStreamRegion();
            builder.WithGroupRegion();
            builder.WithWebhookRegion();

            configure?.Invoke(builder);
        });

        return services;
    }
}
