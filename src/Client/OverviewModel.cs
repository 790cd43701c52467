using System.Text.Json;

namespace EventCluster.Client;

/// <summary>A stream's metadata (<c>GET /streams/{stream}/info</c>): its topic and version (last sequence).</summary>
public sealed record StreamInfo(string Stream, string Topic, long Version);

/// <summary>One topic of <c>GET /topics</c>: how many streams and readable events it has.</summary>
public sealed record TopicSummary(string Topic, long Streams, long Events);

/// <summary>
/// A topic's (or <c>$all</c>'s) live statistics over the last <see cref="WindowSeconds"/>
/// (<c>GET /topics/{topic}/stats</c>), counted from the live flow, not a scan of history.
/// </summary>
/// <param name="Topic">The topic, or <c>$all</c>.</param>
/// <param name="WindowSeconds">The window the figures cover.</param>
/// <param name="Events">Events published in the window.</param>
/// <param name="PerSecond">One count per second of the window, oldest first.</param>
/// <param name="ByType">Events of the window per event type.</param>
/// <param name="ActiveStreams">Streams that had an event in the window.</param>
/// <param name="ActiveStreamsCapped">True when more streams were active than the gateway tracks one by one.</param>
public sealed record TopicStatistics(
    string Topic,
    int WindowSeconds,
    long Events,
    IReadOnlyList<long> PerSecond,
    IReadOnlyDictionary<string, long> ByType,
    int ActiveStreams,
    bool ActiveStreamsCapped);

/// <summary>
/// The progress of a consumer group or a webhook: its checkpoint (topic offset), the topic's events
/// after it (<see cref="Lag"/>), deliveries out, parked events, connected members and the hosting node.
/// </summary>
public sealed record ConsumerStatus(long Checkpoint, long Lag, int InFlight, int Parked, int Members, string Node);

/// <summary>An event a group or webhook gave up on after its maximum deliveries, with how often it went out and why it was parked.</summary>
public sealed record ParkedEvent(RecordedEvent Event, int Deliveries, string Reason);

/// <summary>A page of parked events in offset order; pass <see cref="Next"/> as <c>after</c> for the following page.</summary>
public sealed record ParkedPage(IReadOnlyList<ParkedEvent> Parked, long Next);

/// <summary>A member of the cluster (<c>GET /cluster</c>): its address, roles, status and whether it is unreachable.</summary>
public sealed record ClusterMember(string Address, IReadOnlyList<string> Roles, string Status, bool Unreachable);

/// <summary>
/// The cluster as the answering node sees it: itself, every member, and per node address the stream
/// shards and in-memory stream entities it hosts (both empty while sharding does not answer).
/// </summary>
public sealed record ClusterState(
    string Self,
    IReadOnlyList<ClusterMember> Members,
    IReadOnlyDictionary<string, int> Shards,
    IReadOnlyDictionary<string, int> Entities);

/// <summary>The JSON shapes of the gateway's answers: camelCase members, as API.md writes them.</summary>
internal static class Wire
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
