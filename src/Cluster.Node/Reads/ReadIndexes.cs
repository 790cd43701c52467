using System.Data.Common;
using Akka.Actor;
using Akka.Persistence;

namespace Cluster.Node.Reads;

/// <summary>
/// Makes the journal ready for the project's reads: starts the journal (whose auto-initialize creates
/// the tables), waits for its table, then adds the (tags, ordering) index that topic reads range-scan.
/// </summary>
public static class ReadIndexes
{
    private const string TopicIndex = "CREATE INDEX IF NOT EXISTS ix_journal_tags_ordering ON journal (tags, ordering)";

    public static async Task EnsureAsync(ActorSystem system, JournalReader reader, CancellationToken ct)
    {
        // Asking for the default journal starts it; its auto-initialize creates the schema.
        Persistence.Instance.Apply(system).JournalFor(null);
        while (!await reader.IsReachableAsync(ct))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        await using var connection = await reader.OpenAsync(ct);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = TopicIndex;
        await command.ExecuteNonQueryAsync(ct);
    }
}
