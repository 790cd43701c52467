namespace Cluster.Node.Storage;

/// <summary>One open connection of a <see cref="JournalBatchWriter"/>, with the journal's INSERT prepared once.</summary>
public interface IJournalRowInserter : IDisposable
{
    /// <summary>Inserts the rows, in order, and runs the changes, in order, in one transaction; completes once it is committed.</summary>
    /// <exception cref="NotSupportedException">Changes given to a database whose writer takes none.</exception>
    Task CommitAsync(IReadOnlyList<JournalRowValues> rows, IReadOnlyList<SqlChange> changes);
}
