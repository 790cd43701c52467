namespace Cluster.Node.Storage;

/// <summary>
/// One statement that changes a table beside the journal (say the snapshot table), committed by the
/// journal's <see cref="JournalBatchWriter"/> in the same transaction as the appends waiting with it.
/// The SQL text is a constant of its author, so the inserter can keep one command per text.
/// </summary>
/// <param name="Sql">The statement, with named parameters (<c>$name</c>).</param>
/// <param name="Parameters">Each parameter's name (as written in <paramref name="Sql"/>) and value.</param>
public sealed record SqlChange(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters);
