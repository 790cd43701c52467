using Akka.Actor;
using Akka.Hosting;
using Cluster.Gateway.Http;
using Cluster.Gateway.Security;
using Cluster.Gateway.Webhooks;
using Cluster.Node.Groups;
using Cluster.Node.Webhooks;

namespace Cluster.Gateway.Groups;

/// <summary>
/// What sets consumer groups and webhooks apart at the HTTP surface. Both are group entities
/// behind a shard region and share their create, status, delete and parked endpoints
/// (<see cref="ConsumerEndpoints"/>); a kind says where they live, who may read them, and how a
/// definition is read and written back (<see cref="IDefinitionFormat"/>).
/// </summary>
/// <param name="Noun">The name in sentences: "consumer group", "webhook".</param>
/// <param name="Collection">The route segment below a topic: <c>groups</c>.</param>
/// <param name="NameParameter">The route value that holds the name: <c>group</c>.</param>
/// <param name="ReadRight">
/// The one difference in rights: a group's status and parked events are its consumers' business
/// (<see cref="Right.Subscribe"/>); a webhook's are an operator's (<see cref="Right.Admin"/>),
/// since whoever sets a webhook up watches it. Creating, deleting and replaying take <see cref="Right.Admin"/>.
/// </param>
internal sealed record ConsumerKind(
    string Noun,
    string Collection,
    string NameParameter,
    string Tag,
    Right ReadRight,
    string CreateSummary,
    Func<string, string, string> PersistenceIdOf,
    Func<IServiceProvider, IActorRef> RegionOf,
    IDefinitionFormat Format)
{
    public static readonly ConsumerKind Group = new("consumer group", "groups", "group", "Consumer groups", Right.Subscribe, "Create a durable consumer group on a topic.",
        GroupNames.PersistenceIdOf, services => services.GetRequiredService<IRequiredActor<GroupRegion>>().ActorRef, new GroupDefinitionFormat());

    public static readonly ConsumerKind Webhook = new("webhook", "webhooks", "name", "Webhooks", Right.Admin, "Create a webhook: every event of the topic is POSTed to url, signed, at least once, in per-stream order.",
        GroupNames.WebhookPersistenceIdOf, services => services.GetRequiredService<IRequiredActor<WebhookRegion>>().ActorRef, new WebhookDefinitionFormat());

    /// <summary>The route of one group or webhook: <c>/topics/{topic}/groups/{group}</c>.</summary>
    public string Route => $"/topics/{{topic}}/{Collection}/{{{NameParameter}}}";

    public IResult NotFound(string topic, string name) => Problems.NotFound($"Topic {topic} has no {Noun} {name}.");
}
