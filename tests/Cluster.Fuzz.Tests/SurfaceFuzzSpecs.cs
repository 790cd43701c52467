using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Xunit.Abstractions;

namespace Cluster.Fuzz.Tests;

/// <summary>
/// Generated hostile requests at every endpoint of a real gateway. Each answer must be a
/// documented status (never a 5xx); the process must stay up and healthy; and streams only change
/// through appends that were answered with success.
/// </summary>
public sealed class SurfaceFuzzSpecs(FuzzGateway fixture, ITestOutputHelper output) : IClassFixture<FuzzGateway>
{
    /// <summary>Requests generated per endpoint and run.</summary>
    public const int CasesPerEndpoint = 10_000;

    private static readonly HashSet<HttpStatusCode> Documented =
    [
        HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized,
        HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge,
        HttpStatusCode.TooManyRequests, HttpStatusCode.RequestHeaderFieldsTooLarge,
    ];

    /// <summary>Stands for "refused by closing the connection while the client still sent" (only for bodies past a limit).</summary>
    private const HttpStatusCode ClosedEarly = (HttpStatusCode)499;

    /// <summary>The smallest body limit of an endpoint (group and webhook definitions, ack and nack).</summary>
    private const int SmallBodyLimit = 64 * 1024;

    [Fact]
    public async Task Hostile_requests_at_every_endpoint_get_documented_answers_and_change_nothing_they_were_refused()
    {
        // Header values go out as UTF-8 bytes, non-ASCII included, as a hostile client would send them.
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = fixture.Gateway.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var seeded = new Dictionary<string, long>();
        foreach (var sentinel in HostileInput.Sentinels)
        {
            using var request = Request(HttpMethod.Post, $"/streams/{sentinel}", """[{"type":"Seed","data":{}},{"type":"Seed","data":{}}]""", FuzzGateway.RootKey);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            seeded[sentinel] = (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.GetProperty("lastSequence").GetInt64();
        }

        var accepted = new ConcurrentDictionary<string, long>();
        var perEndpoint = new ConcurrentDictionary<string, int>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();

        foreach (var endpoint in HostileInput.Endpoints)
        {
            await HostileInput.RequestTo(endpoint).SampleAsync(
                async fuzz =>
                {
                    perEndpoint.AddOrUpdate(fuzz.Endpoint.Method + " " + fuzz.Endpoint.PathTemplate, 1, (_, n) => n + 1);
                    var (status, body) = await SendAsync(client, fuzz);
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    if (!Documented.Contains(status) && status != ClosedEarly)
                    {
                        throw new InvalidOperationException($"{(int)status} for {fuzz}: {body}");
                    }

                    Record(fuzz, status, body, accepted);
                },
                iter: CasesPerEndpoint,
                threads: 2,
                print: fuzz => fuzz.ToString());
        }

        output.WriteLine($"{perEndpoint.Values.Sum():N0} cases; per endpoint: {string.Join(", ", perEndpoint.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value}"))}");
        output.WriteLine($"answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} × {s.Value}"))}");
        Assert.Equal(HostileInput.Endpoints.Length, perEndpoint.Count);
        Assert.All(perEndpoint.Values, n => Assert.True(n >= CasesPerEndpoint, $"an endpoint got only {n} cases"));

        // Still up and ready; every sentinel stream is exactly where the accepted appends left it.
        Assert.False(fixture.Gateway.HasExited, "The gateway process died.");
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        foreach (var sentinel in HostileInput.Sentinels)
        {
            using var request = Request(HttpMethod.Get, $"/streams/{sentinel}/info", null, FuzzGateway.RootKey);
            using var response = await client.SendAsync(request);
            var version = (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.GetProperty("version").GetInt64();
            Assert.Equal(Math.Max(seeded[sentinel], accepted.GetValueOrDefault(sentinel)), version);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, FuzzRequest fuzz)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Endpoint.Method), new Uri(fuzz.Path, UriKind.Relative));
        if (fuzz.Endpoint.Method is "POST" or "PUT")
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
        }

        foreach (var (header, value) in fuzz.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        if (fuzz.Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", fuzz.Authorization);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException e) when (e.InnerException is IOException && fuzz.Body.Length > SmallBodyLimit)
        {
            // The gateway answered a body past an endpoint's limit (64 KiB for definitions and acks)
            // before the client finished sending it, and closed the connection: a refusal too.
            return (ClosedEarly, e.Message);
        }

        using var _ = response;
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return (response.StatusCode, "(event stream)"); // a subscription: the status is the answer; disposing closes it
        }

        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Notes how far accepted appends took each sentinel stream.</summary>
    private static void Record(FuzzRequest fuzz, HttpStatusCode status, string body, ConcurrentDictionary<string, long> accepted)
    {
        if (fuzz.Endpoint.IsAppend && status is HttpStatusCode.Created or HttpStatusCode.OK && HostileInput.Sentinels.Contains(fuzz.Name))
        {
            var last = JsonDocument.Parse(body).RootElement.GetProperty("lastSequence").GetInt64();
            accepted.AddOrUpdate(fuzz.Name, last, (_, seen) => Math.Max(seen, last));
        }

        if (fuzz.Endpoint.IsIngest && status == HttpStatusCode.OK)
        {
            foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var answer = JsonDocument.Parse(line).RootElement;
                if (answer.TryGetProperty("sequence", out var sequence) && answer.GetProperty("stream").GetString() is { } stream && HostileInput.Sentinels.Contains(stream))
                {
                    accepted.AddOrUpdate(stream, sequence.GetInt64(), (_, seen) => Math.Max(seen, sequence.GetInt64()));
                }
            }
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? json, string key)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }
}
