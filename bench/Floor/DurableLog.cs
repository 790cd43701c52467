using System.Threading.Channels;

/// <summary>
/// The least a store can do before answering that an event is durable: append its bytes to one file
/// and sync the file. Group commit, as the product's journal writer does: the bodies that arrive while
/// a sync runs are written and synced together by the next one, in one write and one <c>fsync</c>
/// (<see cref="FileStream.Flush(bool)"/>, the call SQLite's bundled build makes for synchronous = FULL).
/// The file is written full of zeros once at start and then overwritten in a circle, as SQLite
/// overwrites its write-ahead log after a checkpoint, so a sync never has to allocate blocks.
/// </summary>
internal sealed class DurableLog : IAsyncDisposable
{
    private const long Size = 64L << 20;

    private readonly FileStream _file;
    private readonly Channel<Pending> _pending = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Task _loop;
    private long _position;

    public DurableLog(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        var zeros = new byte[1 << 20];
        for (var written = 0L; written < Size; written += zeros.Length)
        {
            _file.Write(zeros);
        }

        _file.Flush(flushToDisk: true);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once <paramref name="body"/> is in the file and the file is synced.</summary>
    public async Task AppendAsync(ReadOnlyMemory<byte> body)
    {
        var pending = new Pending(body);
        await _pending.Writer.WriteAsync(pending).ConfigureAwait(false);
        await pending.Done.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        var buffer = new MemoryStream();
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            buffer.SetLength(0);
            while (_pending.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                buffer.Write(pending.Body.Span);
            }

            try
            {
                Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                _file.Flush(flushToDisk: true);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (IOException e)
            {
                batch.ForEach(p => p.Done.TrySetException(e));
            }

            batch.Clear();
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (_position + bytes.Length > Size)
        {
            _position = 0;
        }

        _file.Position = _position;
        _file.Write(bytes);
        _position += bytes.Length;
    }

    private sealed class Pending(ReadOnlyMemory<byte> body)
    {
        public ReadOnlyMemory<byte> Body { get; } = body;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
