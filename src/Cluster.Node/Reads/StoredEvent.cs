using Messages.Streams;

namespace Cluster.Node.Reads;

/// <summary>One event as read back from the journal, with its place in its stream and in the global order.</summary>
public sealed record StoredEvent(string Stream, long Sequence, long Offset, EventRecorded Event)
{
    public string Topic => StreamNames.TopicOf(Stream);
}

/// <summary>A topic in <c>GET /topics</c>: how many streams and events it holds.</summary>
public sealed record TopicSummary(string Topic, long Streams, long Events);
