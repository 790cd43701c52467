using Cluster.Node.Reads;
using Messages.Groups;

namespace Cluster.Node.Groups;

/// <summary>
/// The events a group has parked and not resolved since, folded from the group's journal: a
/// definition or deletion starts the list afresh, a parked event is added (again: replaced), an
/// acknowledged replay removes it.
/// </summary>
public static class ParkedList
{
    public static IReadOnlyList<GroupEventParked> Fold(IEnumerable<object> journalEvents)
    {
        var parked = new SortedDictionary<long, GroupEventParked>();
        foreach (var e in journalEvents)
        {
            switch (e)
            {
                case GroupDefined or GroupDeleted:
                    parked.Clear();
                    break;
                case GroupEventParked p:
                    parked[p.Offset] = p;
                    break;
                case GroupParkedResolved r:
                    parked.Remove(r.Offset);
                    break;
            }
        }

        return [.. parked.Values];
    }

    /// <summary>The stored events of the first <paramref name="limit"/> unresolved parked events in a group's journal.</summary>
    internal static async Task<IReadOnlyList<StoredEvent>> LoadAsync(JournalReader reader, string persistenceId, int limit)
    {
        var parked = Fold(await reader.ReadJournalAsync(persistenceId, CancellationToken.None));
        return await reader.ReadOffsetsAsync([.. parked.Select(p => p.Offset).Take(limit)], CancellationToken.None);
    }
}
