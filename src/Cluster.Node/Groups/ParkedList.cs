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

    /// <summary>
    /// The first <paramref name="limit"/> unresolved parked events of a group's journal: those still
    /// readable, and the offsets of those deleted or expired since they were parked.
    /// </summary>
    internal static async Task<(IReadOnlyList<StoredEvent> Readable, IReadOnlyList<long> Gone)> LoadAsync(JournalReader reader, string persistenceId, int limit)
    {
        var offsets = Fold(await reader.ReadJournalAsync(persistenceId, CancellationToken.None)).Select(p => p.Offset).Take(limit).ToList();
        var readable = await reader.ReadOffsetsAsync(offsets, CancellationToken.None);
        var found = readable.Select(e => e.Offset).ToHashSet();
        return (readable, [.. offsets.Where(o => !found.Contains(o))]);
    }
}
