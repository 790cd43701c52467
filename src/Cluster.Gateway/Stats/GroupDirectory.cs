using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Cluster.Node.Groups;
using Messages.Groups;

namespace Cluster.Gateway.Stats;

/// <summary>
/// The consumer groups and webhooks running anywhere in the cluster, from their periodic
/// <see cref="GroupStatusAnnounced"/>. An entry not refreshed for <see cref="Expiry"/> is dropped
/// (its entity stopped or its node is gone); at most <see cref="MaxEntries"/> are kept.
/// </summary>
internal sealed class GroupDirectory(TimeProvider? clock = null)
{
    public const int MaxEntries = 10_000;
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(20);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<(string Kind, string Topic, string Name), (GroupStatusAnnounced Status, DateTimeOffset At)> _entries = new();

    public void Update(GroupStatusAnnounced status)
    {
        var key = (status.Kind, status.Topic, status.Name);
        if (status.Removed)
        {
            _entries.TryRemove(key, out _);
            return;
        }

        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(key))
        {
            Prune();
            if (_entries.Count >= MaxEntries)
            {
                return;
            }
        }

        _entries[key] = (status, _clock.GetUtcNow());
    }

    /// <summary>The live entries, by kind, topic and name.</summary>
    public IReadOnlyList<GroupStatusAnnounced> List()
    {
        Prune();
        return _entries.Values.Select(e => e.Status).OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Topic, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    private void Prune()
    {
        var oldest = _clock.GetUtcNow() - Expiry;
        foreach (var stale in _entries.Where(e => e.Value.At < oldest).Select(e => e.Key).ToList())
        {
            _entries.TryRemove(stale, out _);
        }
    }
}

/// <summary>Feeds the <see cref="GroupDirectory"/> from DistributedPubSub.</summary>
internal sealed class GroupDirectoryListener : ReceiveActor
{
    public GroupDirectoryListener(GroupDirectory directory)
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(GroupNames.StatusTopic, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<GroupStatusAnnounced>(directory.Update);
    }
}

internal static class GroupDirectoryHosting
{
    public static AkkaConfigurationBuilder WithGroupDirectory(this AkkaConfigurationBuilder builder, GroupDirectory directory) =>
        builder.WithActors((system, _) => system.ActorOf(Props.Create(() => new GroupDirectoryListener(directory)), "group-directory"));
}
