using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Cluster.Tests.Shared;

namespace Cluster.Integration.Tests.Failover;

/// <summary>
/// Producers publishing continuously (single events and batches, each with its own event ids) to a
/// set of streams through one gateway. A failed request is retried with the same ids until it is
/// acknowledged, so every outcome is known; what is acknowledged is recorded with its sequences.
/// </summary>
public sealed class LoadRecorder(HttpClient gateway, IReadOnlyList<string> streams)
{
    private readonly ConcurrentBag<(string Stream, long Sequence, Guid EventId)> _acknowledged = [];
    private readonly ConcurrentDictionary<string, long> _lastAckTicks = new();
    private readonly ConcurrentDictionary<string, long> _firstFailureTicks = new();

    public IReadOnlyCollection<(string Stream, long Sequence, Guid EventId)> Acknowledged => _acknowledged;

    public int Failures => _failures;

    private int _failures;

    /// <summary>How long one append attempt may take before it is sent again.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    /// <summary>When each stream's latest acknowledged request was sent (Stopwatch ticks).</summary>
    public IReadOnlyDictionary<string, long> LastAckSentTicks => _lastAckTicks;

    public Task RunAsync(int producers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(() => ProduceAsync(p, stop))));

    private async Task ProduceAsync(int producer, CancellationToken stop)
    {
        var random = new Random(producer);
        while (!stop.IsCancellationRequested)
        {
            var stream = streams[random.Next(streams.Count)];
            var ids = Enumerable.Range(0, random.Next(3) == 0 ? 5 : 1).Select(_ => Guid.NewGuid()).ToList();
            var body = Api.Batch(ids.Select(id => Api.Event(id: id)).ToArray());

            // Retry the same ids until acknowledged: a retry of something already stored answers 200
            // with the original sequences, so nothing is stored twice.
            while (true)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    // As a client should: give up on an attempt after a while and send the same
                    // events again (same ids, so never stored twice). An append that was on its way
                    // to the killed node is lost with it and would otherwise wait for the gateway's
                    // AppendTimeout (10 s) before its 504.
                    using var attempt = new CancellationTokenSource(AttemptTimeout);
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/streams/{stream}") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                    using var response = await gateway.SendAsync(request, attempt.Token);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        var json = await Api.JsonAsync(response);
                        var first = json.GetProperty("firstSequence").GetInt64();
                        for (var i = 0; i < ids.Count; i++)
                        {
                            _acknowledged.Add((stream, first + i, ids[i]));
                        }

                        _lastAckTicks.AddOrUpdate(stream, sent, (_, old) => Math.Max(old, sent));
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Counted below and retried.
                }

                Interlocked.Increment(ref _failures);
                _firstFailureTicks.TryAdd(stream, sent);
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }
}
