namespace Cluster.Node.Reads;

/// <summary>
/// One event read of <see cref="JournalReader"/> as its two fixed statements, built once.
/// <see cref="JournalOnly"/> reads the journal alone and returns, on each row, whether anything
/// restricts readability (<see cref="Readability.InUse"/>, a constant subquery the database
/// evaluates once, in the same snapshot as the rows). <see cref="Readable"/> is the read with
/// <see cref="Readability"/>'s joins and filter.
/// </summary>
/// <param name="sql">The statement from its select list, FROM part and readability condition.</param>
internal sealed class EventReadStatements(Func<string, string, string, string> sql)
{
    /// <summary>The column of <see cref="JournalOnly"/>'s rows that is 1 when readability is restricted.</summary>
    public const int RestrictedColumn = 6;

    public string JournalOnly { get; } = Build(sql, $"{JournalReader.Columns}, ({Readability.InUse}) AS restricted", inUse: false);

    public string Readable { get; } = Build(sql, JournalReader.Columns, inUse: true);

    private static string Build(Func<string, string, string, string> sql, string columns, bool inUse)
    {
        var (from, filter) = Readability.Clauses(inUse);
        return sql(columns, from, filter);
    }
}
