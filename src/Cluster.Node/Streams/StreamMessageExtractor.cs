using Akka.Cluster.Sharding;
using Messages;

namespace Cluster.Node.Streams;

/// <summary>Routes every <see cref="IStreamCommand"/> to the entity named by its stream, over a constant shard count.</summary>
public sealed class StreamMessageExtractor(int shardCount) : HashCodeMessageExtractor(shardCount)
{
    public override string? EntityId(object message) => (message as IStreamCommand)?.Stream;
}
