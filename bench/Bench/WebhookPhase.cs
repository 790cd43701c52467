using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bench;

/// <summary>
/// Webhooks: a topic of <c>--group-events</c> stored events over 1,000 streams is delivered by a new
/// webhook to a receiver in this process (Kestrel on loopback, answering 200 at once) with
/// <c>maxInFlight</c> 16 and 64; events/s delivered until every event arrived.
/// </summary>
public static class WebhookPhase
{
    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        long received = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref received);
            return Results.Ok();
        });
        await receiver.StartAsync();
        var url = $"{receiver.Urls.First()}/hook";

        foreach (var maxInFlight in new[] { 16, 64 })
        {
            var topic = $"w{runId}f{maxInFlight}";
            var batches = options.GroupEvents / 100;
            await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                using var response = await client.PostAsync($"/streams/{topic}-{i % 1000}", new StringContent(Payloads.Batch(100, options.EventBytes), Encoding.UTF8, "application/json"), ct);
                response.EnsureSuccessStatusCode();
            });

            Interlocked.Exchange(ref received, 0);
            var started = Stopwatch.StartNew();
            (await client.PutAsync($"/topics/{topic}/webhooks/bench", JsonContent.Create(new { url, secret = "bench", maxInFlight }))).EnsureSuccessStatusCode();
            while (Interlocked.Read(ref received) < batches * 100L && started.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(50);
            }

            var seconds = started.Elapsed.TotalSeconds;
            (await client.DeleteAsync($"/topics/{topic}/webhooks/bench")).EnsureSuccessStatusCode();
            Console.WriteLine($"webhook, maxInFlight {maxInFlight}, ordering per stream: {Interlocked.Read(ref received):N0} of {batches * 100:N0} events delivered in {seconds:F1} s = {Interlocked.Read(ref received) / seconds:F0} events/s");
        }
    }
}
