using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Cluster.Node.Storage;

/// <summary>
/// The SQLite journal's one writer. Writes queue up while a commit is running and the next commit
/// takes all of them (up to <c>maxRowsPerCommit</c> rows, whole writes only), in arrival order, in
/// one transaction, through one open connection and one prepared INSERT. A write is answered once
/// its commit returned. If a combined commit fails, each of its writes is tried again in a
/// transaction of its own, so one bad write (say a sequence number already stored) fails alone.
/// At most <c>capacity</c> writes wait; a caller beyond that waits for room (the journal's callers
/// are themselves bounded: each stream entity writes one group at a time).
/// </summary>
public sealed class SqliteJournalWriter : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _pending;
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly string _insertSql;
    private readonly string? _writerUuid;
    private readonly int _maxRowsPerCommit;
    private readonly Task _loop;
    private PreparedInsert? _insert;

    public SqliteJournalWriter(string connectionString, string pragmas, JournalTableNames table, string? writerUuid, int maxRowsPerCommit, int capacity)
    {
        _connectionString = connectionString;
        _pragmas = pragmas;
        _insertSql = table.InsertSql;
        _writerUuid = writerUuid;
        _maxRowsPerCommit = maxRowsPerCommit;
        _pending = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when every row of <paramref name="writes"/> is committed, or fails with the reason.</summary>
    public Task WriteAsync(IReadOnlyList<JournalRowValues[]> writes)
    {
        var write = new PendingWrite(writes);
        return _pending.Writer.TryWrite(write) ? write.Done.Task : WaitForRoomAsync(write);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task WaitForRoomAsync(PendingWrite write)
    {
        await _pending.Writer.WriteAsync(write).ConfigureAwait(false);
        await write.Done.Task.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>();
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var rows = 0;
            while (rows < _maxRowsPerCommit && reader.TryRead(out var write))
            {
                batch.Add(write);
                rows += write.Rows;
            }

            CommitTogether(batch);
            batch.Clear();
        }

        _insert?.Dispose();
    }

    private void CommitTogether(List<PendingWrite> batch)
    {
        try
        {
            Commit(batch);
        }
        catch (Exception) when (batch.Count > 1)
        {
            Reset();
            foreach (var write in batch)
            {
                CommitAlone(write);
            }

            return;
        }
        catch (Exception e)
        {
            Reset();
            batch[0].Done.TrySetException(e);
            return;
        }

        // Answered inline: the continuations only hand the result to the journal actor.
        foreach (var write in batch)
        {
            write.Done.TrySetResult();
        }
    }

    private void CommitAlone(PendingWrite write)
    {
        try
        {
            Commit([write]);
            write.Done.TrySetResult();
        }
        catch (Exception e)
        {
            Reset();
            write.Done.TrySetException(e);
        }
    }

    private void Commit(IReadOnlyList<PendingWrite> writes)
    {
        var insert = _insert ??= PreparedInsert.Open(_connectionString, _pragmas, _insertSql, _writerUuid);
        using var transaction = insert.Connection.BeginTransaction(deferred: false);
        insert.Command.Transaction = transaction;
        foreach (var write in writes)
        {
            foreach (var group in write.Groups)
            {
                foreach (var row in group)
                {
                    insert.Execute(row);
                }
            }
        }

        transaction.Commit();
    }

    // After a failure the connection may be in any state; the next commit opens a fresh one.
    private void Reset()
    {
        _insert?.Dispose();
        _insert = null;
    }

    private sealed class PendingWrite(IReadOnlyList<JournalRowValues[]> groups)
    {
        public IReadOnlyList<JournalRowValues[]> Groups { get; } = groups;

        public int Rows { get; } = groups.Sum(g => g.Length);

        public TaskCompletionSource Done { get; } = new();
    }
}
