using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Bench;

/// <summary>
/// Cluster mode: single events to many streams while one node process is killed with SIGKILL
/// (<c>--kill-pid</c>). Streams whose writes fail after the kill are the ones that lived on the
/// killed node; the phase reports how long after the kill writes to them succeed again.
/// </summary>
public static class FailoverPhase
{
    private const int StreamCount = 200;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        if (options.KillPid is not { } pid)
        {
            Console.Error.WriteLine("failover: --kill-pid <pid of a node process> is required");
            return;
        }

        var streams = Enumerable.Range(0, StreamCount).Select(i => $"k{runId}-{i}").ToArray();
        foreach (var stream in streams)
        {
            await PostAsync(client, stream);
        }

        var killedAt = long.MaxValue;
        var failedAfterKill = new ConcurrentDictionary<string, bool>();
        var firstSuccessAfterFailure = new ConcurrentDictionary<string, long>();
        var lastSuccess = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var producers = Enumerable.Range(0, options.Producers).Select(p => Task.Run(async () =>
        {
            var random = new Random(p);
            while (!stop.IsCancellationRequested)
            {
                var stream = streams[random.Next(streams.Length)];
                var sent = Stopwatch.GetTimestamp();
                var ok = await PostAsync(client, stream);
                if (sent < Interlocked.Read(ref killedAt))
                {
                    continue;
                }

                if (!ok)
                {
                    failedAfterKill[stream] = true;
                }
                else
                {
                    lastSuccess[stream] = sent;
                    if (failedAfterKill.ContainsKey(stream))
                    {
                        firstSuccessAfterFailure.TryAdd(stream, Stopwatch.GetTimestamp());
                    }
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(3));
        Process.GetProcessById(pid).Kill();
        Interlocked.Exchange(ref killedAt, Stopwatch.GetTimestamp());
        Console.WriteLine($"failover: killed pid {pid} (SIGKILL) under load on {StreamCount} streams");

        var deadline = Stopwatch.GetTimestamp() + (long)(GiveUpAfter.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline
               && !(streams.All(lastSuccess.ContainsKey) && failedAfterKill.Keys.All(firstSuccessAfterFailure.ContainsKey)))
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await Task.WhenAll(producers);
        var recovered = failedAfterKill.Keys.Where(firstSuccessAfterFailure.ContainsKey)
            .Select(s => Stopwatch.GetElapsedTime(killedAt, firstSuccessAfterFailure[s]).TotalSeconds)
            .Order()
            .ToList();
        Console.WriteLine($"  writes to {failedAfterKill.Count} of {StreamCount} streams failed after the kill (they lived on the killed node); {recovered.Count} of them took writes again");
        if (recovered.Count > 0)
        {
            Console.WriteLine($"  kill -9 -> first successful write to such a stream: {recovered[0]:F1} s; to the last of them: {recovered[^1]:F1} s");
        }
    }

    private static async Task<bool> PostAsync(HttpClient client, string stream)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            using var response = await client.PostAsync($"/streams/{stream}", new StringContent(Payloads.Event(256), Encoding.UTF8, "application/json"), timeout.Token);
            return response.StatusCode == HttpStatusCode.Created;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
