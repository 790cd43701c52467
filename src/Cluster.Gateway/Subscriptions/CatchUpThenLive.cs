using Cluster.Node.Reads;

namespace Cluster.Gateway.Subscriptions;

/// <summary>
/// The one loop behind every subscription. Everything it sends is read from the journal after a
/// cursor (the last id sent), so catch-up and live are the same reads: no gap, no duplicate.
/// It reads page after page while pages are full; once caught up it waits for a commit
/// announcement (or the poll fallback), then reads again.
/// </summary>
internal sealed class CatchUpThenLive(
    CommitSignals signals,
    SignalKey signalKey,
    Func<long, int, CancellationToken, Task<IReadOnlyList<StoredEvent>>> readAfter,
    Func<StoredEvent, long> idOf,
    GatewayOptions options)
{
    public async Task RunAsync(EventStreamWriter writer, long cursor, CancellationToken ct)
    {
        await writer.StartAsync(ct);
        var lastWrite = DateTime.UtcNow;
        Task? fallback = null;
        while (!ct.IsCancellationRequested)
        {
            var wake = signals.NextAsync(signalKey);
            var page = await readAfter(cursor, options.SubscriptionPageSize, ct);
            foreach (var e in page)
            {
                writer.Add(idOf(e), e);
                cursor = idOf(e);
            }

            if (page.Count > 0)
            {
                await writer.FlushAsync(ct);
                lastWrite = DateTime.UtcNow;
            }

            if (page.Count == options.SubscriptionPageSize)
            {
                continue;
            }

            // The poll fallback is one timer per interval, not one per wait: a live subscription
            // waits once per commit it is told of, and a timer (with its registration on the
            // request's token) per wait was the loop's largest allocation. So the fallback read
            // comes at most an interval after the previous fallback, wake-ups or not.
            fallback = fallback is { IsCompleted: false } ? fallback : Task.Delay(options.LivePollFallback, ct);
            await Task.WhenAny(wake, fallback);
            if (!wake.IsCompleted && DateTime.UtcNow - lastWrite >= options.KeepAliveInterval)
            {
                await writer.KeepAliveAsync(ct);
                lastWrite = DateTime.UtcNow;
            }
        }
    }
}
