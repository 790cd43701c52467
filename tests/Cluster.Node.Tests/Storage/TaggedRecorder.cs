using Akka.Actor;
using Akka.Persistence;
using Messages.Streams;

namespace Cluster.Node.Tests.Storage;

/// <summary>A persistent actor for journal specs: persists whatever it is sent and reports back (a <see cref="Batch"/> to its sender); after recovery, the sequence numbers it replayed.</summary>
internal sealed class TaggedRecorder : UntypedPersistentActor
{
    private readonly IActorRef _reportTo;
    private readonly List<long> _replayed = [];

    public TaggedRecorder(string persistenceId, IActorRef reportTo)
    {
        PersistenceId = persistenceId;
        _reportTo = reportTo;
    }

    public override string PersistenceId { get; }

    public static EventRecorded Recorded() =>
        EventRecorded.From(new EventData(Guid.NewGuid(), "Deposited", """{"n":1}"""u8.ToArray(), ReadOnlyMemory<byte>.Empty, EventData.JsonContentType), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    protected override void OnCommand(object message)
    {
        if (message is Batch batch)
        {
            // Answered to the sender of the command, which the journal must hand back with each event.
            PersistAll(batch.Events, _ => Sender.Tell(new Persisted(LastSequenceNr)));
            DeferAsync(batch.Then, then => Sender.Tell(then));
            return;
        }

        Persist(message, _ => _reportTo.Tell(new Persisted(LastSequenceNr)));
    }

    protected override void OnRecover(object message)
    {
        if (message is RecoveryCompleted)
        {
            if (_replayed.Count > 0)
            {
                _reportTo.Tell(new Recovered([.. _replayed]));
            }
        }
        else
        {
            _replayed.Add(LastSequenceNr);
        }
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        _reportTo.Tell(new Rejected());

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _reportTo.Tell(new Failed(sequenceNr, cause.Message));
        base.OnPersistFailure(cause, @event, sequenceNr); // stops the actor
    }

    /// <summary>Persist these events together, then answer <see cref="Then"/> after them.</summary>
    internal sealed record Batch(object[] Events, string Then);

    internal sealed record Persisted(long SequenceNr);

    internal sealed record Recovered(long[] Versions);

    internal sealed record Rejected;

    internal sealed record Failed(long SequenceNr, string Reason);
}
