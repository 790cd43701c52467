using Akka.Actor;
using Messages.Groups;

namespace Cluster.Node.Groups;

/// <summary>
/// What differs between the two kinds of group entity: a consumer group, whose members are
/// connected clients, and a webhook (<see cref="Webhooks.WebhookRole"/>), whose one member is a
/// dispatcher child. Everything else (the ledger, the checkpoint, parking) they share.
/// </summary>
internal abstract class GroupRole
{
    /// <summary>The <c>kind</c> label of the gauges and status announcements.</summary>
    public abstract string Kind { get; }

    public abstract string PersistenceIdOf(string topic, string name);

    /// <summary>The group is defined and active: a webhook starts its dispatcher and returns it as its member.</summary>
    public virtual (IActorRef Member, int MaxInFlight)? Activated(IActorContext context, string topic, string name, GroupDefinition definition) => null;

    /// <summary>
    /// The entity has no group (never defined, or just deleted). A webhook entity is remembered by
    /// sharding, so it runs without anyone asking: it asks to be passivated, which also forgets it.
    /// </summary>
    public virtual void Forget(IActorContext context)
    {
    }
}

/// <summary>A consumer group: members connect and leave; nothing to start, nothing to forget.</summary>
internal sealed class ConsumerGroupRole : GroupRole
{
    public static readonly ConsumerGroupRole Instance = new();

    public override string Kind => "group";

    public override string PersistenceIdOf(string topic, string name) => GroupNames.PersistenceIdOf(topic, name);
}
