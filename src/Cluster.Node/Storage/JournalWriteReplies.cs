using Akka.Actor;
using Akka.Persistence;

namespace Cluster.Node.Storage;

/// <summary>
/// The answers Akka.Persistence's protocol expects for one <see cref="WriteMessages"/>, in its order:
/// first the whole write's outcome, then one answer per event (each with the sender the event was
/// persisted with), and a <see cref="LoopMessageSuccess"/> for a deferred message, in the write's order.
/// They are sent from the thread that completes the commit, straight to the persistent actor.
/// </summary>
internal static class JournalWriteReplies
{
    /// <summary>Answers <paramref name="message"/> when <paramref name="written"/> completes.</summary>
    public static void When(Task written, WriteMessages message, Exception?[]? rejections, IActorRef journal)
    {
        if (written.IsCompleted)
        {
            Send(written, message, rejections, journal);
            return;
        }

        written.ContinueWith(
            static (done, state) =>
            {
                var (message, rejections, journal) = ((WriteMessages, Exception?[]?, IActorRef))state!;
                Send(done, message, rejections, journal);
            },
            (message, rejections, journal),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Every event of <paramref name="message"/> rejected with <paramref name="cause"/>; nothing was written.</summary>
    public static void Rejected(WriteMessages message, Exception cause, IActorRef journal)
    {
        message.PersistentActor.Tell(WriteMessagesSuccessful.Instance, journal);
        Each(message, null, (p, _, instance) => new WriteMessageRejected(p, cause, instance));
    }

    private static void Send(Task written, WriteMessages message, Exception?[]? rejections, IActorRef journal)
    {
        if (written.Exception is { } failed)
        {
            var cause = failed.InnerExceptions.Count == 1 ? failed.InnerExceptions[0] : failed;
            var atomicWrites = message.Messages.Count(m => m is AtomicWrite);
            message.PersistentActor.Tell(new WriteMessagesFailed(cause, atomicWrites), journal);
            Each(message, null, (p, _, instance) => new WriteMessageFailure(p, cause, instance));
            return;
        }

        message.PersistentActor.Tell(WriteMessagesSuccessful.Instance, journal);
        Each(message, rejections, static (p, rejection, instance) =>
            rejection is null ? new WriteMessageSuccess(p, instance) : new WriteMessageRejected(p, rejection, instance));
    }

    /// <param name="rejections">Per atomic write, the reason it was rejected (null: it was stored).</param>
    private static void Each(WriteMessages message, Exception?[]? rejections, Func<IPersistentRepresentation, Exception?, int, object> answer)
    {
        var atomicWrite = 0;
        foreach (var envelope in message.Messages)
        {
            if (envelope is not AtomicWrite write)
            {
                message.PersistentActor.Tell(new LoopMessageSuccess(envelope.Payload, message.ActorInstanceId), envelope.Sender);
                continue;
            }

            var rejection = rejections?[atomicWrite];
            foreach (var p in (IEnumerable<IPersistentRepresentation>)write.Payload)
            {
                message.PersistentActor.Tell(answer(p, rejection, message.ActorInstanceId), p.Sender);
            }

            atomicWrite++;
        }
    }
}
