using System.Text;
using System.Text.RegularExpressions;
using Cluster.Gateway.Subscriptions;
using Cluster.Node.Reads;
using Messages.Streams;
using Cluster.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace Cluster.Gateway.UnitTests.Subscriptions;

/// <summary>The subscription loop over an in-memory log: catch-up in pages, then live on a commit signal, no gap and no duplicate.</summary>
public sealed partial class CatchUpThenLiveSpecs
{
    private static readonly SignalKey Key = CommitSignals.StreamKey("acct-1");

    [Fact]
    public async Task It_catches_up_page_by_page_then_sends_what_a_signalled_commit_added_once_each()
    {
        var log = new InMemoryLog([1, 2, 3, 4, 5]);
        var signals = new CommitSignals();

        // The poll fallback is longer than the spec's patience: only the signal can wake the loop.
        var options = new GatewayOptions { SubscriptionPageSize = 2, LivePollFallback = TimeSpan.FromMinutes(10), KeepAliveInterval = TimeSpan.FromMinutes(10) };
        var (response, body) = Response();
        using var stop = new CancellationTokenSource();
        var loop = new CatchUpThenLive(signals, Key, log.ReadAfterAsync, e => e.Offset, options).RunAsync(new EventStreamWriter(response), cursor: 2, stop.Token);

        await Eventually.UntilAsync(() => Ids(body).LastOrDefault() == 5, SpecTimes.Patience, TimeSpan.FromMilliseconds(10), () => $"caught up to {string.Join(",", Ids(body))}");
        log.Append(6, 7);
        signals.Signal(Key);
        await Eventually.UntilAsync(() => Ids(body).LastOrDefault() == 7, SpecTimes.Patience, TimeSpan.FromMilliseconds(10), () => $"live up to {string.Join(",", Ids(body))}");

        await StopAsync(stop, loop);
        Assert.Equal([3L, 4, 5, 6, 7], Ids(body));
        Assert.StartsWith(": subscribed", body.Text);
    }

    [Fact]
    public async Task A_quiet_subscription_gets_keep_alive_comments()
    {
        var log = new InMemoryLog([]);
        var options = new GatewayOptions { LivePollFallback = TimeSpan.FromMilliseconds(20), KeepAliveInterval = TimeSpan.FromMilliseconds(50) };
        var (response, body) = Response();
        using var stop = new CancellationTokenSource();
        var loop = new CatchUpThenLive(new CommitSignals(), Key, log.ReadAfterAsync, e => e.Offset, options).RunAsync(new EventStreamWriter(response), cursor: 0, stop.Token);

        await Eventually.UntilAsync(() => body.Text.Contains(": keep-alive"), SpecTimes.Patience, TimeSpan.FromMilliseconds(10), () => body.Text);

        await StopAsync(stop, loop);
        Assert.Empty(Ids(body));
    }

    /// <summary>The subscriber goes away: the loop ends (by returning or by the cancellation).</summary>
    private static async Task StopAsync(CancellationTokenSource stop, Task loop)
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static (HttpResponse Response, RecordingStream Body) Response()
    {
        var body = new RecordingStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        return (context.Response, body);
    }

    private static List<long> Ids(RecordingStream body) => [.. IdLine().Matches(body.Text).Select(m => long.Parse(m.Groups[1].Value))];

    [GeneratedRegex(@"^id: (\d+)$", RegexOptions.Multiline)]
    private static partial Regex IdLine();

    /// <summary>A stream's events by offset, read after a cursor the way the journal reader pages them.</summary>
    private sealed class InMemoryLog(IEnumerable<long> offsets)
    {
        private readonly List<long> _offsets = [.. offsets];

        public void Append(params long[] offsets)
        {
            lock (_offsets)
            {
                _offsets.AddRange(offsets);
            }
        }

        public Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(long cursor, int limit, CancellationToken ct)
        {
            lock (_offsets)
            {
                IReadOnlyList<StoredEvent> page = [.. _offsets.Where(o => o > cursor).Take(limit).Select(o =>
                    new StoredEvent("acct-1", o, o, new EventRecorded(Guid.NewGuid(), "Deposited", "{}"u8.ToArray(), ReadOnlyMemory<byte>.Empty, EventData.JsonContentType, 0)))];
                return Task.FromResult(page);
            }
        }
    }

    /// <summary>A response body that can be read while the loop writes it.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_text)
            {
                _text.Append(Encoding.UTF8.GetString(buffer, offset, count));
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_text)
            {
                _text.Append(Encoding.UTF8.GetString(buffer.Span));
            }

            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
