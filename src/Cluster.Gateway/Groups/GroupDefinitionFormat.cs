using Cluster.Gateway.OpenApi;
using Messages.Groups;

namespace Cluster.Gateway.Groups;

/// <summary>A consumer group's definition: <see cref="GroupRequests.ParseDefinition"/> in, <see cref="GroupDescription"/> out.</summary>
internal sealed class GroupDefinitionFormat : IDefinitionFormat
{
    public ParsedDefinition Parse(ReadOnlyMemory<byte> body) => GroupRequests.ParseDefinition(body);

    public object Describe(string topic, string name, GroupDefinition definition, bool justCreated, ParsedDefinition requested) =>
        new GroupDescription(topic, name, DefinitionBody.NameOf(definition.StartFrom), definition.AckTimeoutSeconds, definition.MaxDeliveries, definition.Ordering == GroupOrdering.Stream ? "stream" : "none");

    public string Conflict(string topic, string name, GroupDefinition existing) =>
        $"Group {name} of topic {topic} exists with {GroupRequests.Describe(existing)}; delete it first to change them.";

    /// <summary>Every setting of a group is the client's: only an equal definition is the same.</summary>
    public bool SameAs(GroupDefinition existing, ParsedDefinition requested) => false;
}
