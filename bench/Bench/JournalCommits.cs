using System.Globalization;

namespace Bench;

/// <summary>
/// The gateway's journal commit histograms (<c>eventcluster_journal_commit_*</c> at <c>/metrics</c>),
/// read before and after a measured window, so a live run also says how much of its latency the
/// commits took. Percentiles are the upper bounds of the histogram's buckets (…, 1, 1.5, 2, 3, 4, 5,
/// 7.5, 10 ms, …): coarse, but read from the product's own instruments.
/// </summary>
public sealed class JournalCommits
{
    private const string Duration = "eventcluster_journal_commit_duration_seconds";
    private const string Wait = "eventcluster_journal_commit_wait_seconds";
    private const string Rows = "eventcluster_journal_commit_rows";

    private readonly Dictionary<string, double> _samples;

    private JournalCommits(Dictionary<string, double> samples) => _samples = samples;

    /// <summary>The histograms now; null when the target has no such metrics (NATS, bench/Floor).</summary>
    public static async Task<JournalCommits?> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var samples = new Dictionary<string, double>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (!line.StartsWith("eventcluster_journal_commit_", StringComparison.Ordinal))
            {
                continue;
            }

            // name{labels} value: the histogram's series are told apart by name and le only.
            var space = line.LastIndexOf(' ');
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? line[..space] : line[..brace];
            var le = LeLabel(line);
            samples[le is null ? name : $"{name}|{le}"] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return samples.Count == 0 ? null : new JournalCommits(samples);
    }

    /// <summary>One line on the commits between <paramref name="before"/> and this scrape; records the p99s as figures.</summary>
    public string Describe(JournalCommits before, string figurePrefix)
    {
        var commits = Delta(before, $"{Duration}_count");
        if (commits <= 0)
        {
            return "journal commits: none in the measured window";
        }

        var rows = Delta(before, $"{Rows}_sum") / commits;
        var commitP99 = Bound(before, Duration, 0.99);
        var waitP99 = Bound(before, Wait, 0.99);
        Figures.Record($"{figurePrefix}.commit_p99_ms", commitP99);
        Figures.Record($"{figurePrefix}.commit_wait_p99_ms", waitP99);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"journal (gateway's /metrics, measured window): {commits:N0} commits of {rows:F1} rows; commit p50 <= {Bound(before, Duration, 0.5):G} ms, p99 <= {commitP99:G} ms; a write's wait for the commit before it p50 <= {Bound(before, Wait, 0.5):G} ms, p99 <= {waitP99:G} ms");
    }

    /// <summary>
    /// For a phase of <paramref name="seconds"/> that began with the scrape <paramref name="before"/>:
    /// scrapes again and describes the journal writer over the phase (<see cref="DescribeWriter"/>);
    /// null when the target has no journal metrics (NATS, bench/Floor, a gateway-only process).
    /// </summary>
    public static async Task<string?> DescribeWriterSinceAsync(HttpClient client, JournalCommits? before, double seconds, string figurePrefix) =>
        before is not null && await ScrapeAsync(client) is { } after ? after.DescribeWriter(before, seconds, figurePrefix) : null;

    /// <summary>
    /// One line on how busy the journal's writer was between <paramref name="before"/> and this
    /// scrape (<paramref name="seconds"/> apart): the share of that time it spent in commits, and a
    /// commit's time per row. The writer commits one transaction at a time, so a share near 1 means
    /// it, not the rest of the gateway, set the phase's rate. Records both as figures.
    /// </summary>
    private string DescribeWriter(JournalCommits before, double seconds, string figurePrefix)
    {
        var commits = Delta(before, $"{Duration}_count");
        var rows = Delta(before, $"{Rows}_sum");
        if (commits <= 0 || rows <= 0 || seconds <= 0)
        {
            return "journal writer: no commits in the phase";
        }

        var committing = Delta(before, $"{Duration}_sum");
        var busy = committing / seconds;
        var microsecondsPerRow = committing * 1e6 / rows;
        Figures.Record($"{figurePrefix}.writer_busy", busy);
        Figures.Record($"{figurePrefix}.writer_us_per_row", microsecondsPerRow);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"journal writer (gateway's /metrics, the phase): committing {busy:F2} of the time; {commits:N0} commits of {rows / commits:F1} rows, {microsecondsPerRow:F1} µs of commit a row");
    }

    private double Delta(JournalCommits before, string key) =>
        _samples.GetValueOrDefault(key) - before._samples.GetValueOrDefault(key);

    /// <summary>The smallest bucket bound (ms) under which at least <paramref name="quantile"/> of the window's samples fell.</summary>
    private double Bound(JournalCommits before, string histogram, double quantile)
    {
        var total = Delta(before, $"{histogram}_count");
        var buckets = _samples.Keys
            .Where(k => k.StartsWith($"{histogram}_bucket|", StringComparison.Ordinal))
            .Select(k => (Le: k[(k.IndexOf('|') + 1)..], Count: Delta(before, k)))
            .Select(b => (Seconds: b.Le == "+Inf" ? double.PositiveInfinity : double.Parse(b.Le, CultureInfo.InvariantCulture), b.Count))
            .OrderBy(b => b.Seconds);
        foreach (var (seconds, count) in buckets)
        {
            if (count >= quantile * total)
            {
                return seconds * 1000;
            }
        }

        return double.PositiveInfinity;
    }

    private static string? LeLabel(string line)
    {
        var at = line.IndexOf("le=\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + 4;
        return line[start..line.IndexOf('"', start)];
    }
}
