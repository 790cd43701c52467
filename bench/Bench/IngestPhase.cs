using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Bench;

/// <summary>
/// Streams an NDJSON body of <c>--ingest-mb</c> megabytes (256-byte events over 1,000 streams, in runs
/// of 20 lines per stream) to <c>POST /ingest</c>, reading the answers while it sends; reports events/s
/// and, with <c>--gateway-pid</c>, the gateway's peak resident memory.
/// </summary>
public static class IngestPhase
{
    private const int RunLength = 20;

    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        var targetBytes = (long)options.IngestMegabytes * 1024 * 1024;
        var stopwatch = Stopwatch.StartNew();
        var rss = new PeakRss(options.GatewayPid);

        // HttpClient sends an HTTP/1.1 body completely before it reads the answer, while /ingest
        // answers as it reads (and reads no faster than answers are taken): a full-duplex exchange.
        // So this phase speaks HTTP/1.1 over a plain socket, sending and reading at the same time.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(options.Url.Host, options.Url.Port);
        var network = tcp.GetStream();
        var head = $"POST /ingest HTTP/1.1\r\nHost: {options.Url.Authority}\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n";
        await network.WriteAsync(Encoding.ASCII.GetBytes(head));

        long sentBytes = 0, sentLines = 0;
        var sending = Task.Run(async () =>
        {
            var chunk = new MemoryStream(70 * 1024);
            while (sentBytes < targetBytes)
            {
                var line = Encoding.UTF8.GetBytes(Payloads.IngestLine($"i{runId}-{sentLines / RunLength % options.Streams}", options.EventBytes));
                chunk.Write(line);
                sentBytes += line.Length;
                sentLines++;
                if (chunk.Length >= 64 * 1024 || sentBytes >= targetBytes)
                {
                    await network.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n"));
                    await network.WriteAsync(chunk.GetBuffer().AsMemory(0, (int)chunk.Length));
                    await network.WriteAsync("\r\n"u8.ToArray());
                    chunk.SetLength(0);
                }
            }

            await network.WriteAsync("0\r\n\r\n"u8.ToArray());
        });

        long stored = 0, failed = 0;
        using var reader = new StreamReader(network, Encoding.UTF8);
        var status = await reader.ReadLineAsync();
        while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
        {
            // response headers
        }

        // Chunked answer: size lines and data lines; every data line is one answer.
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("{\"stream\"", StringComparison.Ordinal))
            {
                stored++;
            }
            else if (line.StartsWith("{\"line\"", StringComparison.Ordinal))
            {
                failed++;
            }
            else if (line == "0")
            {
                break;
            }

            if ((stored + failed) % 10_000 == 0)
            {
                rss.Sample();
            }
        }

        await sending;
        var seconds = stopwatch.Elapsed.TotalSeconds;
        rss.Sample();
        Console.WriteLine($"ingest: {status}; {sentBytes / 1024.0 / 1024.0:F0} MB of NDJSON, {sentLines:N0} lines over {options.Streams} streams (runs of {RunLength}) in {seconds:F1} s");
        Figures.Record("ingest.events_per_s", stored / seconds);
        rss.Record("ingest");
        Console.WriteLine($"  {stored / seconds:F0} events/s stored ({stored:N0} stored, {failed:N0} failed){rss.Describe()}");
    }
}

/// <summary>Peak resident memory of a process (VmHWM from /proc), when its pid is known.</summary>
public sealed class PeakRss(int? pid)
{
    private long _peakKb;

    public void Sample()
    {
        if (pid is null)
        {
            return;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    _peakKb = Math.Max(_peakKb, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }
    }

    public void Record(string phase)
    {
        if (pid is not null)
        {
            Figures.Record($"{phase}.peak_rss_mb", _peakKb / 1024.0);
        }
    }

    public string Describe() => pid is null ? string.Empty : $"; gateway peak RSS {_peakKb / 1024} MB";
}
