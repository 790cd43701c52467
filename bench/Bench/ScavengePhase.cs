using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Bench;

/// <summary>
/// The scavenge on a large journal: <c>--scavenge-events</c> events (default 2,000,000) in streams of
/// 1,000, every other stream then deleted (half the journal unreadable). Figures: the append rate and
/// p99 of single events without a scavenge and while one runs, the scavenge's removal rate, and the
/// database file (<c>--db-file</c>, with its WAL) before, after, and after as many new events as were
/// removed: whether the file shrank or its free pages were reused.
/// </summary>
public static class ScavengePhase
{
    private const int StreamSize = 1000;

    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        var streams = Math.Max(2, options.ScavengeEvents / StreamSize);
        var seeded = await FillAsync(client, $"s{runId}", streams, options);
        Console.WriteLine($"scavenge: {seeded.Events:N0} events stored in {streams:N0} streams in {seeded.Seconds:F0} s");
        await Parallel.ForAsync(0, streams / 2, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await client.DeleteAsync($"/streams/s{runId}-{2 * i}", ct);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw new InvalidOperationException($"DELETE answered {(int)response.StatusCode}");
            }
        });
        var before = FileBytes(options.DbFile);
        Console.WriteLine($"  {streams / 2:N0} streams deleted ({streams / 2 * StreamSize:N0} events); database {Megabytes(before)}");

        Console.WriteLine("  appends without a scavenge:");
        await PublishPhase.RunAsync(client, options, runId + "base", batchSize: 1);

        var requested = DateTimeOffset.UtcNow;
        (await client.PostAsync("/admin/scavenge", null)).EnsureSuccessStatusCode();
        Console.WriteLine("  appends while the scavenge runs:");
        await PublishPhase.RunAsync(client, options, runId + "during", batchSize: 1);
        var run = await LastRunAfterAsync(client, requested);
        var seconds = (run.GetProperty("finishedAt").GetDateTimeOffset() - run.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds;
        var removed = run.GetProperty("removedEvents").GetInt64();
        Figures.Record("scavenge.removed_per_s", removed / seconds);
        Console.WriteLine($"  scavenge: {removed:N0} events ({run.GetProperty("reclaimedBytes").GetInt64() / 1_048_576.0:F0} MB of payload) removed in {seconds:F1} s = {removed / seconds:F0} events/s");

        var after = FileBytes(options.DbFile);
        var refill = await FillAsync(client, $"r{runId}", (int)(removed / StreamSize), options);
        var refilled = FileBytes(options.DbFile);
        Console.WriteLine($"  database {Megabytes(before)} before, {Megabytes(after)} after the scavenge, {Megabytes(refilled)} after {refill.Events:N0} new events");
    }

    private static async Task<(long Events, double Seconds)> FillAsync(HttpClient client, string prefix, int streams, BenchOptions options)
    {
        var started = Stopwatch.StartNew();
        var body = Payloads.Batch(StreamSize, options.EventBytes);
        await Parallel.ForAsync(0, streams, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await Seeding.PostUntilCreatedAsync(client, $"{prefix}-{i}", body));
        return ((long)streams * StreamSize, started.Elapsed.TotalSeconds);
    }

    /// <summary>The last run once one that started after <paramref name="requested"/> has finished.</summary>
    private static async Task<JsonElement> LastRunAfterAsync(HttpClient client, DateTimeOffset requested)
    {
        while (true)
        {
            using var document = JsonDocument.Parse(await client.GetStringAsync("/admin/scavenge"));
            var last = document.RootElement.GetProperty("lastRun");
            if (last.ValueKind == JsonValueKind.Object && last.GetProperty("startedAt").GetDateTimeOffset() >= requested.AddSeconds(-1))
            {
                return last.Clone();
            }

            await Task.Delay(200);
        }
    }

    private static long FileBytes(string? file) =>
        file is null ? 0 : new[] { file, file + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    private static string Megabytes(long bytes) => bytes == 0 ? "(size unknown: pass --db-file)" : $"{bytes / 1_048_576.0:F0} MB";
}
