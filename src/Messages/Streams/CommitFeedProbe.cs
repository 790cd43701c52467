namespace Messages.Streams;

/// <summary>
/// Sent by a gateway to a node's commit announcer while the gateway starts: the announcer answers
/// with <see cref="CommitFeedReached"/>, published on the commit announcements' own topic. The
/// answer arrives only once that node's DistributedPubSub registry has learned (by gossip) of the
/// gateway's subscription, so hearing it proves the node's announcements reach the gateway.
/// </summary>
public sealed record ProbeCommitFeed : IClusterMessage
{
    public static readonly ProbeCommitFeed Instance = new();
}

/// <summary>A node's answer to <see cref="ProbeCommitFeed"/>, published to every subscriber of the commit announcements.</summary>
/// <param name="Node">The answering node's cluster address.</param>
public sealed record CommitFeedReached(string Node) : IClusterMessage;
