using System.Net;
using System.Text;
using System.Text.Json;

namespace Cluster.Tests.Shared;

/// <summary>Small helpers for calling the HTTP API as a client would.</summary>
public static class Api
{
    public static string NewStream(string topic = "acct") => $"{topic}-{Guid.NewGuid():N}";

    public static string NewTopic() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static string Event(string type = "Deposited", Guid? id = null, string data = """{"amount":1}""") =>
        id is null
            ? $$"""{"type":"{{type}}","data":{{data}}}"""
            : $$"""{"eventId":"{{id}}","type":"{{type}}","data":{{data}}}""";

    public static string Batch(params string[] events) => "[" + string.Join(",", events) + "]";

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string stream, string body, string? expectedVersion = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/streams/{Uri.EscapeDataString(stream)}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (expectedVersion is not null)
        {
            request.Headers.TryAddWithoutValidation("Expected-Version", expectedVersion);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Appends and asserts the events were stored (<c>201</c>).</summary>
    public static async Task AppendCreatedAsync(HttpClient client, string stream, string body)
    {
        using var response = await PostAsync(client, stream, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {stream}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A JSON request body.</summary>
    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The <c>type</c> of each event, in order.</summary>
    public static List<string?> Types(IEnumerable<JsonElement> events) => [.. events.Select(e => e.GetProperty("type").GetString())];

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await JsonAsync(response);
    }

    /// <summary>Asserts an RFC 9457 problem body with the given status and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    public static async Task<IReadOnlyList<JsonElement>> ReadWholeStreamAsync(HttpClient client, string stream)
    {
        var events = new List<JsonElement>();
        long? from = 1;
        while (from is { } f)
        {
            var page = await GetJsonAsync(client, $"/streams/{stream}?from={f}&limit=1000");
            events.AddRange(page.GetProperty("events").EnumerateArray());
            from = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64();
        }

        return events;
    }

    public static async Task<IReadOnlyList<JsonElement>> ReadWholeTopicAsync(HttpClient client, string topic)
    {
        var events = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            var page = await GetJsonAsync(client, $"/topics/{Uri.EscapeDataString(topic)}?after={after}&limit=1000");
            var batch = page.GetProperty("events").EnumerateArray().ToList();
            if (batch.Count == 0)
            {
                return events;
            }

            events.AddRange(batch);
            after = page.GetProperty("next").GetInt64();
        }
    }
}
