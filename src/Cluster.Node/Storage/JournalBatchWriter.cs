using System.Threading.Channels;

namespace Cluster.Node.Storage;

/// <summary>
/// A journal's one writer. Writes queue up while a commit is running and the next commit takes all
/// of them (up to <c>maxRowsPerCommit</c> rows, whole writes only), in arrival order, in one
/// transaction through the database's <see cref="IJournalRowInserter"/> (one open connection, one
/// prepared statement). A write is answered once its commit returned. If a combined commit fails,
/// each of its writes is tried again in a transaction of its own, so one bad write (say a sequence
/// number already stored) fails alone.
/// At most <c>capacity</c> writes wait; a caller beyond that waits for room (the journal's callers
/// are themselves bounded: each stream entity writes one group at a time).
/// </summary>
public sealed class JournalBatchWriter : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _pending;
    private readonly Func<IJournalRowInserter> _open;
    private readonly int _maxRowsPerCommit;
    private readonly Task _loop;
    private IJournalRowInserter? _inserter;

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

        var write = new PendingWrite(writes);
        return _pending.Writer.TryWrite(write) ? write.Done.Task : WaitForRoomAsync(write);
    }

    /// <summary>Writes waiting in the queue (not those of the commit in flight); never more than its capacity.</summary>
    internal int Queued => _pending.Reader.Count;

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

            await CommitTogetherAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }

        Reset();
    }

    private async Task CommitTogetherAsync(List<PendingWrite> batch)
    {
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

        // Answered inline: the continuations only hand the result to the journal actor.
        foreach (var write in batch)
        {
            write.Done.TrySetResult();
        }
    }

    private async Task CommitAloneAsync(PendingWrite write)
    {
        try
        {
            await CommitAsync([write]).ConfigureAwait(false);
            write.Done.TrySetResult();
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
        return _inserter.CommitAsync(writes.SelectMany(w => w.Groups).SelectMany(g => g).ToList());
    }

    // After a failure the connection may be in any state; the next commit opens a fresh one.
    private void Reset()
    {
        _inserter?.Dispose();
        _inserter = null;
    }

    private sealed class PendingWrite(IReadOnlyList<JournalRowValues[]> groups)
    {
        public IReadOnlyList<JournalRowValues[]> Groups { get; } = groups;

        public int Rows { get; } = groups.Sum(g => g.Length);

        public TaskCompletionSource Done { get; } = new();
    }
}
