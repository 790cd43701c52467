using System.Diagnostics;
using System.Threading.Channels;
using Cluster.Node.Telemetry;

namespace Cluster.Node.Storage;

/// <summary>
/// A journal's one writer. Writes queue up while a commit is running and the next commit takes all
/// of them (up to <c>maxRowsPerCommit</c> rows, whole writes only), in arrival order, in one
/// transaction through the database's <see cref="IJournalRowInserter"/> (one open connection, one
/// prepared statement). A write is either journal rows or one <see cref="SqlChange"/> to a table
/// beside the journal (a snapshot), which then shares the appends' transaction and commit.
/// A write is answered once its commit returned. If a combined commit fails,
/// each of its writes is tried again in a transaction of its own, so one bad write (say a sequence
/// number already stored) fails alone.
/// At most <c>capacity</c> writes wait; a caller beyond that waits for room (the journal's callers
/// are themselves bounded: each stream entity writes one group at a time).
/// Each commit's duration and rows, and each write's wait for its commit, are recorded as
/// <c>eventcluster.journal.commit.*</c> (docs/operations.md).
/// </summary>
public sealed class JournalBatchWriter : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _pending;
    private readonly Func<IJournalRowInserter> _open;
    private readonly int _maxRowsPerCommit;
    private readonly Task _loop;
    private IJournalRowInserter? _inserter;
    private long _changesCommitted;

    /// <param name="open">Opens a connection with its prepared INSERT; called again after a failure.</param>
    public JournalBatchWriter(Func<IJournalRowInserter> open, int maxRowsPerCommit, int capacity)
    {
        _open = open;
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
        if (writes.Count == 0)
        {
            return Task.CompletedTask; // e.g. every event of the call was rejected
        }

        return Enqueue(new PendingWrite(writes, change: null));
    }

    /// <summary>Completes when <paramref name="change"/> is committed (with the appends waiting beside it), or fails with the reason.</summary>
    public Task WriteAsync(SqlChange change) => Enqueue(new PendingWrite([], change));

    /// <summary>Writes waiting in the queue (not those of the commit in flight); never more than its capacity.</summary>
    internal int Queued => _pending.Reader.Count;

    /// <summary>How many <see cref="SqlChange"/>s this writer has committed.</summary>
    internal long ChangesCommitted => Interlocked.Read(ref _changesCommitted);

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private Task Enqueue(PendingWrite write) =>
        _pending.Writer.TryWrite(write) ? write.Done.Task : WaitForRoomAsync(write);

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

            await CommitTogetherAsync(batch, rows).ConfigureAwait(false);
            batch.Clear();
        }

        Reset();
    }

    private async Task CommitTogetherAsync(List<PendingWrite> batch, int rows)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var write in batch)
        {
            ClusterMetrics.JournalCommitWait.Record(Stopwatch.GetElapsedTime(write.Queued, started).TotalSeconds);
        }

        try
        {
            await CommitAsync(batch).ConfigureAwait(false);
        }
        catch (Exception) when (batch.Count > 1)
        {
            Reset();
            foreach (var write in batch)
            {
                await CommitAloneAsync(write).ConfigureAwait(false);
            }

            return;
        }
        catch (Exception e)
        {
            Reset();
            batch[0].Done.TrySetException(e);
            return;
        }

        Measure(started, rows);

        // Answered from another thread, so the writer starts its next commit while the answers fan out.
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (writer, writes) = state;
                foreach (var write in writes)
                {
                    writer.Committed(write);
                }
            },
            (this, batch.ToArray()),
            preferLocal: false);
    }

    private async Task CommitAloneAsync(PendingWrite write)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await CommitAsync([write]).ConfigureAwait(false);
            Measure(started, write.Rows);
            Committed(write);
        }
        catch (Exception e)
        {
            Reset();
            write.Done.TrySetException(e);
        }
    }

    private Task CommitAsync(IReadOnlyList<PendingWrite> writes)
    {
        _inserter ??= _open();
        var rows = new List<JournalRowValues>();
        List<SqlChange>? changes = null;
        foreach (var write in writes)
        {
            foreach (var group in write.Groups)
            {
                rows.AddRange(group);
            }

            if (write.Change is not null)
            {
                (changes ??= []).Add(write.Change);
            }
        }

        return _inserter.CommitAsync(rows, (IReadOnlyList<SqlChange>?)changes ?? []);
    }

    private static void Measure(long started, int rows)
    {
        ClusterMetrics.JournalCommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        ClusterMetrics.JournalCommitRows.Record(rows);
    }

    private void Committed(PendingWrite write)
    {
        if (write.Change is not null)
        {
            Interlocked.Increment(ref _changesCommitted);
        }

        write.Done.TrySetResult();
    }

    // After a failure the connection may be in any state; the next commit opens a fresh one.
    private void Reset()
    {
        _inserter?.Dispose();
        _inserter = null;
    }

    private sealed class PendingWrite(IReadOnlyList<JournalRowValues[]> groups, SqlChange? change)
    {
        public IReadOnlyList<JournalRowValues[]> Groups { get; } = groups;

        public SqlChange? Change { get; } = change;

        // A change counts as one row towards the commit's limit.
        public int Rows { get; } = groups.Sum(g => g.Length) + (change is null ? 0 : 1);

        public TaskCompletionSource Done { get; } = new();

        // When the write was handed to the writer (Stopwatch ticks): its commit wait counts from here.
        public long Queued { get; } = Stopwatch.GetTimestamp();
    }
}
