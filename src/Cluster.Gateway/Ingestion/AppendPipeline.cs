using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Hosting;
using Akka.Streams;
using Akka.Streams.Dsl;
using Cluster.Node.Streams;
using Messages.Streams;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Ingestion;

/// <summary>
/// The bounded write path between HTTP and the stream entities: a fixed-capacity queue drained by an
/// Akka.Streams flow that keeps at most <see cref="GatewayOptions.IngestParallelism"/> appends in flight
/// to the shard region. When the queue is full, <see cref="TrySubmit"/> refuses at once (the caller
/// answers 503): nothing queues without bound.
/// </summary>
public sealed class AppendPipeline : IDisposable
{
    private readonly Channel<PendingAppend> _queue;
    private readonly ActorSystem _system;
    private readonly IRequiredActor<StreamRegion> _region;
    private readonly TimeSpan _timeout;
    private readonly int _parallelism;
    private readonly object _startLock = new();
    private bool _started;

    public AppendPipeline(ActorSystem system, IRequiredActor<StreamRegion> region, IOptions<GatewayOptions> options)
    {
        _system = system;
        _region = region;
        _timeout = options.Value.AppendTimeout;
        _parallelism = options.Value.IngestParallelism;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.Value.IngestQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Queues an append; null when the queue is full.</summary>
    public Task<IAppendReply>? TrySubmit(AppendEvents command, CancellationToken ct)
    {
        EnsureStarted();
        var pending = new PendingAppend(command, ct);
        return _queue.Writer.TryWrite(pending) ? pending.Reply.Task : null;
    }

    public void Dispose() => _queue.Writer.TryComplete();

    private void EnsureStarted()
    {
        if (_started)
        {
            return;
        }

        lock (_startLock)
        {
            if (_started)
            {
                return;
            }

            // Started on first use: the shard region is registered only once the ActorSystem runs.
            var region = _region.ActorRef;
            ChannelSource.FromReader(_queue.Reader)
                .SelectAsyncUnordered(_parallelism, pending => pending.SendAsync(region, _timeout))
                .RunWith(Sink.Ignore<NotUsed>(), _system.Materializer());
            _started = true;
        }
    }

    private sealed class PendingAppend(AppendEvents command, CancellationToken ct)
    {
        public TaskCompletionSource<IAppendReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<NotUsed> SendAsync(IActorRef region, TimeSpan timeout)
        {
            if (ct.IsCancellationRequested)
            {
                Reply.TrySetCanceled(ct);
                return NotUsed.Instance;
            }

            try
            {
                Reply.TrySetResult(await region.Ask<IAppendReply>(command, timeout, ct));
            }
            catch (Exception e)
            {
                Reply.TrySetException(e);
            }

            return NotUsed.Instance;
        }
    }
}
