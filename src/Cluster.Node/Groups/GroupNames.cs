namespace Cluster.Node.Groups;

/// <summary>The names a group or webhook goes by outside its entity: its journal's persistence id and the topic of its status announcements.</summary>
public static class GroupNames
{
    /// <summary>The DistributedPubSub topic of <see cref="Messages.Groups.GroupStatusAnnounced"/>.</summary>
    public const string StatusTopic = "event-cluster.group-status";

    /// <summary>Never a stream name: stream names cannot start with '$'.</summary>
    public static string PersistenceIdOf(string topic, string group) => $"$group:{topic}/{group}";

    /// <summary>A webhook's journal, apart from a consumer group of the same name.</summary>
    public static string WebhookPersistenceIdOf(string topic, string name) => $"$webhook:{topic}/{name}";
}
