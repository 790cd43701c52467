using Messages.Serialization;
using Messages.Streams;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cluster.Node.Reads;

/// <summary>
/// An event read (<see cref="JournalReader.Columns"/>, then the optional restricted flag) run on
/// SQLite through SQLitePCLRaw, the layer under Microsoft.Data.Sqlite, on the reader's own pooled
/// connection.
/// </summary>
/// <remarks>
/// A catch-up read steps through a thousand rows a page. Through <see cref="SqliteDataReader"/>
/// each column cost a type check and a value call (each a P/Invoke that takes the connection's
/// handle and mutex), every row's message was copied into a new array and the stream's name into
/// a new string, and the payload went through Akka's serializer lookup: together about a third of
/// the gateway's CPU while it served stream pages (docs/benchmarks.md). Here each column is one
/// call returning a span over SQLite's own memory, the stream name is made once per run of rows of
/// the same stream, and the payload is parsed from the span.
/// </remarks>
internal static class SqliteEventRows
{
    private const int BusyTimeoutMs = 10_000;

    /// <summary>
    /// The rows as events; null when <paramref name="untilRestricted"/> and the first row says
    /// readability is restricted (the caller then reads with the readability joins).
    /// </summary>
    public static List<StoredEvent>? Read(SqliteConnection connection, string sql, IReadOnlyList<ReadParameter> parameters, bool untilRestricted, Func<int, ReadOnlySpan<byte>, ReadOnlySpan<byte>, EventRecorded> decode)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");

        // Microsoft.Data.Sqlite's reader retried a busy database itself; stepped directly, SQLite's
        // own busy handler waits instead (in WAL a reader is only kept waiting by a connection
        // recovering the log or holding the file exclusively). Set per read: the handle is pooled.
        Check(raw.sqlite3_busy_timeout(db, BusyTimeoutMs), db);
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            foreach (var parameter in parameters)
            {
                Bind(statement, db, parameter);
            }

            var events = new List<StoredEvent>();
            var stream = string.Empty;
            var streamBytes = Array.Empty<byte>();
            while (true)
            {
                var result = raw.sqlite3_step(statement);
                if (result == raw.SQLITE_DONE)
                {
                    return events;
                }

                if (result != raw.SQLITE_ROW)
                {
                    Check(result, db);
                }

                if (untilRestricted && events.Count == 0 && raw.sqlite3_column_int64(statement, EventReadStatements.RestrictedColumn) != 0)
                {
                    return null;
                }

                // A TEXT column's blob is its UTF-8 bytes, unconverted.
                var streamUtf8 = raw.sqlite3_column_blob(statement, JournalReader.StreamColumn);
                if (events.Count == 0 || !streamUtf8.SequenceEqual(streamBytes))
                {
                    streamBytes = streamUtf8.ToArray();
                    stream = System.Text.Encoding.UTF8.GetString(streamUtf8);
                }

                var recorded = decode(
                    raw.sqlite3_column_int(statement, JournalReader.SerializerColumn),
                    raw.sqlite3_column_blob(statement, JournalReader.ManifestColumn),
                    raw.sqlite3_column_blob(statement, JournalReader.MessageColumn));
                events.Add(new StoredEvent(stream, raw.sqlite3_column_int64(statement, JournalReader.SequenceColumn), raw.sqlite3_column_int64(statement, JournalReader.OrderingColumn), recorded));
            }
        }
    }

    private static void Bind(sqlite3_stmt statement, sqlite3 db, ReadParameter parameter)
    {
        var index = raw.sqlite3_bind_parameter_index(statement, parameter.Name);
        if (index == 0)
        {
            throw new InvalidOperationException($"The statement has no parameter {parameter.Name}.");
        }

        Check(parameter.Value switch
        {
            string text => raw.sqlite3_bind_text(statement, index, text),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            _ => throw new ArgumentException($"Unsupported value for {parameter.Name}: {parameter.Value.GetType().Name}.", nameof(parameter)),
        }, db);
    }

    private static void Check(int result, sqlite3 db) => SqliteException.ThrowExceptionForRC(result, db);
}
