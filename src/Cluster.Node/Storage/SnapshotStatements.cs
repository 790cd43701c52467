using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Sql.Config;

namespace Cluster.Node.Storage;

/// <summary>
/// The snapshot table's writes as Akka.Persistence.Sql makes them on SQLite (the long-timestamp row:
/// <c>created</c> in ticks), as <see cref="SqlChange"/>s for the journal's writer, so the plugin's
/// own loads read them back unchanged: a save replaces the row of the same persistence id and
/// sequence number, its payload and manifest made as the plugin's snapshot serializer makes them;
/// each delete has the same criteria the plugin applies.
/// </summary>
public sealed class SnapshotStatements
{
    private readonly ExtendedActorSystem _system;
    private readonly string? _defaultSerializer;
    private readonly string _save;
    private readonly string _deleteOne;
    private readonly string _deleteOneUpToCreated;
    private readonly string _deleteAll;
    private readonly string _deleteUpToCreated;
    private readonly string _deleteUpToSequenceNr;
    private readonly string _deleteUpToSequenceNrAndCreated;

    public SnapshotStatements(ExtendedActorSystem system, SnapshotConfig config)
    {
        _system = system;
        _defaultSerializer = config.DefaultSerializer;
        var table = config.TableConfig.SnapshotTable;
        var c = table.ColumnNames;
        var name = config.TableConfig.SchemaName is { } schema ? $"[{schema}].[{table.Name}]" : $"[{table.Name}]";
        _save = $"INSERT OR REPLACE INTO {name} ([{c.PersistenceId}], [{c.SequenceNumber}], [{c.Created}], [{c.Snapshot}], [{c.Manifest}], [{c.SerializerId}]) "
            + "VALUES ($persistence_id, $sequence_number, $created, $snapshot, $manifest, $serializer_id)";
        var ofStream = $"DELETE FROM {name} WHERE [{c.PersistenceId}] = $persistence_id";
        var upToCreated = $" AND [{c.Created}] <= $created";
        var upToSequenceNr = $" AND [{c.SequenceNumber}] <= $sequence_number";
        _deleteOne = ofStream + $" AND [{c.SequenceNumber}] = $sequence_number";
        _deleteOneUpToCreated = _deleteOne + upToCreated;
        _deleteAll = ofStream;
        _deleteUpToCreated = ofStream + upToCreated;
        _deleteUpToSequenceNr = ofStream + upToSequenceNr;
        _deleteUpToSequenceNrAndCreated = ofStream + upToSequenceNr + upToCreated;
    }

    /// <exception cref="Exception">Whatever the snapshot's serializer throws.</exception>
    public SqlChange Save(SnapshotMetadata metadata, object snapshot)
    {
        var serializer = _system.Serialization.FindSerializerForType(snapshot.GetType(), _defaultSerializer);
        var stored = StoredPayload.Of(_system, serializer, snapshot);
        return new SqlChange(_save, [
            Parameter("$persistence_id", metadata.PersistenceId),
            Parameter("$sequence_number", metadata.SequenceNr),
            Parameter("$created", metadata.Timestamp.Ticks),
            Parameter("$snapshot", stored.Bytes),
            Parameter("$manifest", stored.Manifest),
            Parameter("$serializer_id", stored.SerializerId),
        ]);
    }

    /// <summary>Deletes the one snapshot; a timestamp other than <see cref="DateTime.MinValue"/> must also not be older than its row's.</summary>
    public SqlChange Delete(SnapshotMetadata metadata) =>
        metadata.Timestamp > DateTime.MinValue
            ? new SqlChange(_deleteOneUpToCreated, [Stream(metadata.PersistenceId), SequenceNr(metadata.SequenceNr), Created(metadata.Timestamp)])
            : new SqlChange(_deleteOne, [Stream(metadata.PersistenceId), SequenceNr(metadata.SequenceNr)]);

    /// <summary>Deletes what the criteria's maximum sequence number and timestamp select (their minimums are ignored, as the plugin ignores them).</summary>
    public SqlChange Delete(string persistenceId, SnapshotSelectionCriteria criteria) =>
        (criteria.MaxSequenceNr == long.MaxValue, criteria.MaxTimeStamp == DateTime.MaxValue) switch
        {
            (true, true) => new SqlChange(_deleteAll, [Stream(persistenceId)]),
            (true, false) => new SqlChange(_deleteUpToCreated, [Stream(persistenceId), Created(criteria.MaxTimeStamp)]),
            (false, true) => new SqlChange(_deleteUpToSequenceNr, [Stream(persistenceId), SequenceNr(criteria.MaxSequenceNr)]),
            (false, false) => new SqlChange(_deleteUpToSequenceNrAndCreated, [Stream(persistenceId), SequenceNr(criteria.MaxSequenceNr), Created(criteria.MaxTimeStamp)]),
        };

    private static KeyValuePair<string, object> Stream(string persistenceId) => Parameter("$persistence_id", persistenceId);

    private static KeyValuePair<string, object> SequenceNr(long sequenceNr) => Parameter("$sequence_number", sequenceNr);

    private static KeyValuePair<string, object> Created(DateTime timestamp) => Parameter("$created", timestamp.Ticks);

    private static KeyValuePair<string, object> Parameter(string name, object value) => new(name, value);
}
