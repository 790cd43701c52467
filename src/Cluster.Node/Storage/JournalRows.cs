using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Cluster.Node.Storage;

/// <summary>One journal row as Akka.Persistence.Sql stores it (default table mapping, tags in Csv mode).</summary>
public readonly record struct JournalRowValues(
    string PersistenceId,
    long SequenceNr,
    long Created,
    byte[] Message,
    string Tags,
    string Manifest,
    int Identifier);

/// <summary>
/// Turns the events of one <see cref="AtomicWrite"/> into journal rows exactly as Akka.Persistence.Sql's
/// own serializer does, so its replay and its query journal read them back unchanged: a
/// <see cref="Tagged"/> payload is unwrapped and its tags joined as <c>;a;b;</c>, the manifest is the
/// serializer's string manifest (or the type name when the serializer asks for one), and
/// <c>created</c> is the event's timestamp or, when it has none, the write's time in ticks.
/// Used by the journal actor only (not thread-safe).
/// </summary>
/// <remarks>
/// The system's <see cref="ExtendedActorSystem.Serialization"/> is looked up per payload, never kept:
/// Akka replaces it whenever an extension adds its settings, and one kept from before (say) sharding
/// started knows none of sharding's bindings and refuses its remembered entities.
/// </remarks>
public sealed class JournalRows(ExtendedActorSystem system, string tagSeparator)
{
    private (IImmutableSet<string> Tags, string Csv) _lastTags = (ImmutableHashSet<string>.Empty, string.Empty);

    public JournalRowValues[] From(AtomicWrite write, long nowTicks)
    {
        if (write.Payload is not IImmutableList<IPersistentRepresentation> events)
        {
            throw new ArgumentException($"{write.PersistenceId}: the write for sequence numbers {write.LowestSequenceNr}-{write.HighestSequenceNr} carries no events.", nameof(write));
        }

        var rows = new JournalRowValues[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            rows[i] = Row(events[i], nowTicks);
        }

        return rows;
    }

    private JournalRowValues Row(IPersistentRepresentation persistent, long nowTicks)
    {
        var (payload, tags) = persistent.Payload is Tagged tagged
            ? (tagged.Payload, Csv(tagged.Tags))
            : (persistent.Payload, string.Empty);
        var stored = StoredPayload.Of(system, system.Serialization.FindSerializerFor(payload), payload);
        return new JournalRowValues(
            persistent.PersistenceId,
            persistent.SequenceNr,
            persistent.Timestamp == 0 ? nowTicks : persistent.Timestamp,
            stored.Bytes,
            tags,
            stored.Manifest,
            stored.SerializerId);
    }

    // The events of one append share one tag set: join it once, not per event.
    private string Csv(IImmutableSet<string> tags)
    {
        if (!ReferenceEquals(tags, _lastTags.Tags))
        {
            _lastTags = (tags, tags.Count == 0 ? string.Empty : tagSeparator + string.Join(tagSeparator, tags) + tagSeparator);
        }

        return _lastTags.Csv;
    }
}
