namespace Cluster.Node.Storage;

/// <summary>One open connection of a <see cref="JournalBatchWriter"/>, with the journal's INSERT prepared once.</summary>
public interface IJournalRowInserter : IDisposable
{
    /// <summary>Inserts the rows, in order, in one transaction; completes once it is committed.</summary>
    Task CommitAsync(IReadOnlyList<JournalRowValues> rows);
}
