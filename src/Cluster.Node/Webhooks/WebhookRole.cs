using Akka.Actor;
using Akka.Cluster.Sharding;
using Cluster.Node.Groups;
using Messages.Groups;

namespace Cluster.Node.Webhooks;

/// <summary>A webhook: a group entity whose one member is a <see cref="WebhookDispatcher"/> child, remembered by sharding.</summary>
internal sealed class WebhookRole(WebhookServices services) : GroupRole
{
    public override string Kind => "webhook";

    public override string PersistenceIdOf(string topic, string name) => GroupNames.WebhookPersistenceIdOf(topic, name);

    public override (IActorRef Member, int MaxInFlight)? Activated(IActorContext context, string topic, string name, GroupDefinition definition)
    {
        if (definition.Webhook is not { } target)
        {
            return null;
        }

        var dispatcher = context.ActorOf(
            WebhookDispatcher.Props(topic, name, target, TimeSpan.FromSeconds(definition.AckTimeoutSeconds), services.Sender, services.Options),
            "dispatcher");
        return (dispatcher, target.MaxInFlight);
    }

    public override void Forget(IActorContext context) => context.Parent.Tell(new Passivate(PoisonPill.Instance));
}
