using System.Data.Common;
using Akka.Actor;
using Cluster.Node.Storage;
using Messages.Serialization;
using Messages.Streams;

namespace Cluster.Node.Reads;

/// <summary>
/// The project's own queries over Akka.Persistence.Sql's journal table. The plugin's query side
/// reads tags with a per-row subquery (TagTable) or an unindexable LIKE (Csv); these queries use
/// the primary key, the (persistence_id, sequence_number) key and the (tags, ordering) index made
/// by <see cref="ReadIndexes"/>, so every page is an index range scan.
/// Offsets are the journal's global <c>ordering</c> column.
/// </summary>
public sealed class JournalReader(JournalStore store, ActorSystem system)
{
    internal const string Columns = "j.ordering, j.persistence_id, j.sequence_number, j.message, j.identifier, j.manifest";

    // The ordinals of Columns, for every reader of its rows.
    internal const int OrderingColumn = 0;
    internal const int StreamColumn = 1;
    internal const int SequenceColumn = 2;
    internal const int MessageColumn = 3;
    internal const int SerializerColumn = 4;
    internal const int ManifestColumn = 5;

    private static readonly EventReadStatements StreamRead = new((columns, from, filter) =>
        $"SELECT {columns} FROM {from} WHERE j.persistence_id = @stream AND j.sequence_number >= @from AND {filter} ORDER BY j.sequence_number LIMIT @limit");

    // Stream events always carry exactly one tag, their topic, stored as ";topic;"; $all is every tagged row.
    private const string TaggedFilter = "j.tags = @tag";
    private const string AllTopicFilter = "j.tags <> ''";

    private static readonly EventReadStatements TopicRead = TopicReadOf(TaggedFilter);

    private static readonly EventReadStatements AllRead = TopicReadOf(AllTopicFilter);

    /// <summary>The readable events of one stream with sequence >= <paramref name="fromSequence"/>, in order.</summary>
    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long fromSequence, int limit, CancellationToken ct) =>
        ReadEventsAsync(StreamRead, [new("@stream", stream), new("@from", fromSequence), new("@limit", limit)], ct);

    /// <summary>The readable events of one topic (or of every stream for <c>$all</c>) with offset > <paramref name="afterOffset"/>, in offset order.</summary>
    public Task<IReadOnlyList<StoredEvent>> ReadTopicAsync(string topic, long afterOffset, int limit, CancellationToken ct) =>
        topic == StreamNames.AllTopic
            ? ReadEventsAsync(AllRead, [new("@after", afterOffset), new("@limit", limit)], ct)
            : ReadEventsAsync(TopicRead, [new("@tag", TagOf(topic)), new("@after", afterOffset), new("@limit", limit)], ct);

    /// <summary>Every journal event of one persistent actor (e.g. a consumer group), deserialized, in order.</summary>
    public Task<IReadOnlyList<object>> ReadJournalAsync(string persistenceId, CancellationToken ct) =>
        QueryAsync(
            $"SELECT {Columns} FROM journal j WHERE j.persistence_id = @id ORDER BY j.sequence_number",
            command => command.AddParameter("@id", persistenceId),
            Payload,
            ct);

    /// <summary>The stream events at the given offsets (those that exist and are readable), in offset order.</summary>
    public Task<IReadOnlyList<StoredEvent>> ReadOffsetsAsync(IReadOnlyList<long> offsets, CancellationToken ct)
    {
        if (offsets.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
        }

        // Offsets are numbers, so they go into the statement as literals; at most a page at a time.
        var list = string.Join(",", offsets.Select(o => o.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return QueryReadableAsync((from, filter) => $"SELECT {Columns} FROM {from} WHERE j.ordering IN ({list}) AND j.tags <> '' AND {filter} ORDER BY j.ordering", _ => { }, ToStoredEvent, ct);
    }

    /// <summary>The offset of a topic's last event (of any stream's for <c>$all</c>); 0 when it has none.</summary>
    public Task<long> TopicHeadAsync(string topic, CancellationToken ct) =>
        ScalarAsync(
            $"SELECT MAX(j.ordering) FROM journal j WHERE {TopicFilter(topic)}",
            command => BindTopic(command, topic),
            ct);

    /// <summary>How many readable events of a topic have an offset above <paramref name="afterOffset"/> (a group's lag).</summary>
    public async Task<long> CountTopicAfterAsync(string topic, long afterOffset, CancellationToken ct) =>
        (await QueryReadableAsync(
            (from, filter) => $"SELECT COUNT(*) FROM {from} WHERE {TopicFilter(topic)} AND j.ordering > @after AND {filter}",
            command =>
            {
                BindTopic(command, topic);
                command.AddParameter("@after", afterOffset);
            },
            row => row.GetInt64(0),
            ct))[0];

    /// <summary>The last sequence of a stream (0 when it never had an event) and what deletes left of it.</summary>
    public async Task<(long Version, Streams.StreamLifecycle Lifecycle)> StreamStatusAsync(string stream, CancellationToken ct)
    {
        var rows = await QueryAsync(
            """
            SELECT (SELECT MAX(sequence_number) FROM journal WHERE persistence_id = @stream),
                   l.deleted_version, l.readable_from, l.tombstoned
            FROM (SELECT 1 AS one) o LEFT JOIN stream_lifecycle l ON l.stream = @stream
            """,
            command => command.AddParameter("@stream", stream),
            row => (row.IsDBNull(0) ? 0 : row.GetInt64(0), StreamLifecycleTable.Read(row, 1)),
            ct);
        return rows[0];
    }

    /// <summary>Whether the journal's and the snapshot store's tables are there and answer (the readiness check).</summary>
    public async Task<bool> IsReachableAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await store.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM journal LIMIT 1) j) + (SELECT COUNT(*) FROM (SELECT 1 FROM snapshot LIMIT 1) s)";
            await command.ExecuteScalarAsync(ct);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>
    /// Every topic with its number of streams and events, by topic name. One grouped scan of the
    /// tagged rows: a query for an overview page, not for a hot path.
    /// </summary>
    public Task<IReadOnlyList<TopicSummary>> ReadTopicsAsync(CancellationToken ct) =>
        QueryReadableAsync(
            (from, filter) => $"SELECT j.tags, COUNT(DISTINCT j.persistence_id), COUNT(*) FROM {from} WHERE j.tags <> '' AND {filter} GROUP BY j.tags ORDER BY j.tags",
            _ => { },
            row => new TopicSummary(row.GetString(0).Trim(';'), row.GetInt64(1), row.GetInt64(2)),
            ct);

    private static string TopicFilter(string topic) => topic == StreamNames.AllTopic ? AllTopicFilter : TaggedFilter;

    private static EventReadStatements TopicReadOf(string topicFilter) => new((columns, from, filter) =>
        $"SELECT {columns} FROM {from} WHERE {topicFilter} AND j.ordering > @after AND {filter} ORDER BY j.ordering LIMIT @limit");

    private static void BindTopic(DbCommand command, string topic)
    {
        if (topic != StreamNames.AllTopic)
        {
            command.AddParameter("@tag", TagOf(topic));
        }
    }

    private static string TagOf(string topic) => ";" + topic + ";";

    /// <summary>A single number; 0 for no row or NULL.</summary>
    private async Task<long> ScalarAsync(string sql, Action<DbCommand> bind, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var result = await command.ExecuteScalarAsync(ct);
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A read of what readers may see: the statement made by <paramref name="sql"/> from the FROM
    /// and WHERE parts that <see cref="Readability.Clauses"/> picks, on one connection.
    /// </summary>
    private async Task<IReadOnlyList<T>> QueryReadableAsync<T>(Func<string, string, string> sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        bool inUse;
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = Readability.InUse;
            inUse = Convert.ToInt64(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }

        var (from, filter) = Readability.Clauses(inUse);
        return await QueryOnAsync(connection, sql(from, filter), command =>
        {
            if (inUse)
            {
                command.AddParameter("@now", Readability.Now());
            }

            bind(command);
        }, map, ct);
    }

    /// <summary>
    /// Events readers may see, in one statement while nothing restricts readability (no stream
    /// deleted or truncated, no retention set: a subscription's every read until then), else in
    /// two. The first statement reads the journal alone and its rows say whether readability is
    /// restricted; only then is the read run again with <see cref="Readability"/>'s joins. No rows
    /// need no second read: the filter only removes rows. This replaced a separate check statement
    /// before every read (measured: docs/benchmarks.md).
    /// </summary>
    private async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(EventReadStatements statements, ReadParameter[] parameters, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        return await ReadEventRowsAsync(connection, statements.JournalOnly, parameters, untilRestricted: true, ct)
            ?? (await ReadEventRowsAsync(connection, statements.Readable, [new("@now", Readability.Now()), .. parameters], untilRestricted: false, ct))!;
    }

    /// <summary>An event read's rows; null when <paramref name="untilRestricted"/> and its first row says readability is restricted.</summary>
    private async Task<List<StoredEvent>?> ReadEventRowsAsync(DbConnection connection, string sql, ReadParameter[] parameters, bool untilRestricted, CancellationToken ct)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            return SqliteEventRows.Read(sqlite, sql, parameters, untilRestricted, Decode);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.AddParameter(parameter.Name, parameter.Value);
        }

        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (untilRestricted && events.Count == 0 && Convert.ToInt64(reader.GetValue(EventReadStatements.RestrictedColumn), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                return null;
            }

            events.Add(ToStoredEvent(reader));
        }

        return events;
    }

    /// <summary>Rows of <see cref="Columns"/>, each turned into a <typeparamref name="T"/>.</summary>
    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        return await QueryOnAsync(connection, sql, bind, map, ct);
    }

    private static async Task<IReadOnlyList<T>> QueryOnAsync<T>(DbConnection connection, string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    // The system's Serialization is looked up per row, never kept: Akka replaces it whenever an
    // extension adds its settings (see JournalRows).
    private object Payload(DbDataReader row) =>
        system.Serialization.Deserialize((byte[])row.GetValue(MessageColumn), row.GetInt32(SerializerColumn), row.GetString(ManifestColumn));

    private StoredEvent ToStoredEvent(DbDataReader row) =>
        new(row.GetString(StreamColumn), row.GetInt64(SequenceColumn), row.GetInt64(OrderingColumn), (EventRecorded)Payload(row));

    /// <summary>A stream event's payload from its row's serializer, manifest and bytes: the project serializer's own parse, else Akka's lookup.</summary>
    private EventRecorded Decode(int serializerId, ReadOnlySpan<byte> manifestUtf8, ReadOnlySpan<byte> bytes) =>
        ClusterMessageSerializer.TryReadEventRecorded(serializerId, manifestUtf8, bytes, out var recorded)
            ? recorded
            : (EventRecorded)system.Serialization.Deserialize(bytes.ToArray(), serializerId, System.Text.Encoding.UTF8.GetString(manifestUtf8));
}
