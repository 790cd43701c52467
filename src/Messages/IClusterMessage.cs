namespace Messages;

/// <summary>
/// Marker for everything that crosses a process boundary or reaches the journal.
/// Bound to <see cref="Serialization.ClusterMessageSerializer"/> in hocon/serialization.conf,
/// so nothing of ours ever falls through to Akka's default JSON serializer.
/// </summary>
public interface IClusterMessage;

/// <summary>A message addressed to one stream entity; the stream name is the sharding key.</summary>
public interface IStreamCommand : IClusterMessage
{
    string Stream { get; }
}
