using Akka.Actor;
using Akka.Event;
using Cluster.Node.Commits;
using Cluster.Node.Reads;
using Messages.Streams;
using static Cluster.Node.Groups.GroupEntityMessages;

namespace Cluster.Node.Groups;

/// <summary>
/// Reads a group's topic for its entity, one read at a time, never more than the ledger has room
/// for. A commit announced while a read runs may have been missed by that read, so it makes one
/// more read after it. Pages come back to the entity as <see cref="TopicRead"/> or
/// <see cref="ReadFailed"/>; the entity hands them to <see cref="Completed"/> or <see cref="Failed"/>.
/// </summary>
internal sealed class TopicReadLoop(string topic, JournalReader reader, int readBatch, IActorRef entity)
{
    private bool _reading;
    private bool _readAgain;

    /// <summary>Reads the next page now, or once more after the read that runs.</summary>
    public void Request(GroupLedger? ledger)
    {
        if (ledger is null || ledger.Room == 0)
        {
            return;
        }

        if (_reading)
        {
            _readAgain = true;
            return;
        }

        _reading = true;
        _readAgain = false;
        var limit = Math.Min(ledger.Room, readBatch);
        reader.ReadTopicAsync(topic, ledger.ReadPosition, limit, CancellationToken.None).PipeTo(
            entity,
            success: events => new TopicRead(events, limit),
            failure: e => new ReadFailed(e));
    }

    /// <summary>A commit was announced: reads when it concerns the topic (any commit does for <c>$all</c>).</summary>
    public void Announced(StreamsCommitted run, GroupLedger? ledger)
    {
        if (topic == StreamNames.AllTopic || run.Commits.Any(c => c.Topic == topic))
        {
            Request(ledger);
        }
    }

    /// <summary>A page came back: true when another read should follow (a full page, or a commit announced meanwhile).</summary>
    public bool Completed(TopicRead read)
    {
        _reading = false;
        return read.Events.Count == read.Limit || _readAgain;
    }

    /// <summary>A read failed: the next poll or announcement reads again.</summary>
    public void Failed(ReadFailed failed, ILoggingAdapter log)
    {
        _reading = false;
        log.Warning(failed.Cause, "Group of topic {0}: reading the topic failed; retrying at the next poll", topic);
    }
}
