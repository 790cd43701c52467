using System.Diagnostics;
using System.Net;
using System.Text;

namespace Bench;

/// <summary>
/// A steady append + expire load: a topic whose events expire after <c>--expire-seconds</c> (30) gets
/// 100 events/s in batches of 10 over 100 streams, for the phase's duration, while the gateway's
/// scavenge runs on its interval. The script samples the journal table's size meanwhile: it should
/// level off once expiry and scavenge keep pace with the appends.
/// </summary>
public static class ExpirePhase
{
    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        var topic = $"exp{runId}";
        using (var settings = await client.PutAsync($"/topics/{topic}/settings", new StringContent($$"""{"maxAgeSeconds":{{options.ExpireSeconds}}}""", Encoding.UTF8, "application/json")))
        {
            settings.EnsureSuccessStatusCode();
        }

        var stopwatch = Stopwatch.StartNew();
        long stored = 0, refused = 0;
        for (var i = 0; stopwatch.Elapsed < options.PhaseDuration; i++)
        {
            var due = TimeSpan.FromSeconds(i / 10.0) - stopwatch.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            // A new body each time: its events get fresh ids (the same body twice would be a retry, answered 200).
            using var response = await client.PostAsync($"/streams/{topic}-{i % 100}", new StringContent(Payloads.Batch(10, options.EventBytes), Encoding.UTF8, "application/json"));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                stored += 10;
            }
            else
            {
                refused++;
            }
        }

        Console.WriteLine($"expire: {stored:N0} events appended over {stopwatch.Elapsed.TotalSeconds:F0} s to a topic whose events expire after {options.ExpireSeconds} s ({refused} refused)");
    }
}
