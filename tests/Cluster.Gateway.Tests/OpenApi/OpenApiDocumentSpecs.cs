using System.Net;
using System.Text;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.OpenApi;

/// <summary>
/// <c>GET /openapi/v1.json</c> of a real gateway, read with Microsoft.OpenApi (the reference .NET
/// OpenAPI parser): valid OpenAPI 3.1, every operation complete, and the shapes it names are the
/// ones the endpoints really answer with.
/// </summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class OpenApiDocumentSpecs(SharedGateway fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private async Task<OpenApiDocument> ReadDocumentAsync()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(body, "json", new OpenApiReaderSettings());
        Assert.Empty(diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        return document!;
    }

    private static IEnumerable<(string Path, HttpMethod Method, OpenApiOperation Operation)> Operations(OpenApiDocument document) =>
        document.Paths.SelectMany(p => (p.Value.Operations ?? []).Select(o => (p.Key, o.Key, o.Value)));

    [Fact]
    public async Task Every_operation_has_a_summary_a_success_answer_and_problem_details_for_its_errors()
    {
        var document = await ReadDocumentAsync();

        Assert.True(Operations(document).Count() >= 29);
        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation.Summary), name);
            Assert.NotEmpty(operation.Tags ?? new HashSet<OpenApiTagReference>());
            var responses = operation.Responses!;
            Assert.Contains(responses.Keys, status => status.StartsWith('2'));
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5' && !path.StartsWith("/health/", StringComparison.Ordinal)))
            {
                Assert.True(response.Content?.ContainsKey("application/problem+json") == true, $"{name} {status} is not a problem detail");
            }

            foreach (var (status, response) in responses.Where(r => r.Key is not "204"))
            {
                Assert.True(response.Content is { Count: > 0 }, $"{name} {status} has no content type");
            }
        }
    }

    [Fact]
    public async Task Every_operation_but_health_needs_the_bearer_scheme_and_says_what_401_and_403_mean()
    {
        var document = await ReadDocumentAsync();

        var scheme = Assert.Contains("bearer", document.Components!.SecuritySchemes!);
        Assert.Equal(SecuritySchemeType.Http, scheme.Type);
        Assert.Equal("bearer", scheme.Scheme);
        foreach (var (path, method, operation) in Operations(document).Where(o => !o.Path.StartsWith("/health/", StringComparison.Ordinal)))
        {
            Assert.True(operation.Security?.Any(r => r.Keys.Any(k => k.Reference.Id == "bearer")) == true, $"{method} {path}");
            Assert.Contains("401", operation.Responses!.Keys);
            Assert.Contains("403", operation.Responses!.Keys);
        }

        Assert.Null(document.Paths["/health/ready"].Operations![HttpMethod.Get].Security);
    }

    [Fact]
    public async Task Streaming_answers_name_their_media_types_and_parameters_read_by_hand_are_described()
    {
        var document = await ReadDocumentAsync();
        OpenApiOperation Get(string path) => document.Paths[path].Operations![HttpMethod.Get];

        foreach (var path in new[] { "/streams/{stream}/subscribe", "/topics/{topic}/subscribe", "/topics/{topic}/groups/{group}/subscribe" })
        {
            Assert.Contains("text/event-stream", Get(path).Responses!["200"].Content!.Keys);
        }

        var ingest = document.Paths["/ingest"].Operations![HttpMethod.Post];
        Assert.Contains("application/x-ndjson", ingest.RequestBody!.Content!.Keys);
        Assert.Contains("application/x-ndjson", ingest.Responses!["200"].Content!.Keys);

        var append = document.Paths["/streams/{stream}"].Operations![HttpMethod.Post];
        Assert.Contains(append.Parameters!, p => p.Name == "Expected-Version" && p.In == ParameterLocation.Header);
        Assert.Equal(2, append.RequestBody!.Content!["application/json"].Schema!.OneOf!.Count); // one event, or a batch
        Assert.Contains(Get("/streams/{stream}").Parameters!, p => p.Name == "from" && p.In == ParameterLocation.Query);
        Assert.Contains(Get("/topics/{topic}").Parameters!, p => p.Name == "after" && p.In == ParameterLocation.Query);
    }

    [Fact]
    public async Task The_shapes_it_names_are_the_members_the_endpoints_answer_with()
    {
        var document = await ReadDocumentAsync();
        ISet<string> Members(string schema) => document.Components!.Schemas![schema].Properties!.Keys.ToHashSet();
        static ISet<string> Actual(JsonElement json) => json.EnumerateObject().Select(p => p.Name).ToHashSet();

        var stream = NewStream();
        using var appended = await PostAsync(_client, stream, Event());
        Assert.Equal(Members("AppendResult"), Actual(await JsonAsync(appended)));

        var page = await GetJsonAsync(_client, $"/streams/{stream}");
        Assert.Equal(Members("StreamPage"), Actual(page));
        Assert.Equal(Members("EventAsRead"), Actual(page.GetProperty("events")[0]));

        var topicPage = await GetJsonAsync(_client, $"/topics/{stream.Split('-')[0]}?limit=1");
        Assert.Equal(Members("TopicPage"), Actual(topicPage));
        Assert.Equal(Members("StreamInfo"), Actual(await GetJsonAsync(_client, $"/streams/{stream}/info")));
        Assert.Equal(Members("TopicList"), Actual(await GetJsonAsync(_client, "/topics")));
    }

    [Fact]
    public async Task Describing_request_bodies_refuses_no_content_type_the_endpoints_take()
    {
        // The document names JSON bodies, but routing must not turn other content types into a bare 415:
        // curl -d sends form encoding, and the endpoints read the body as JSON whatever it is labelled.
        using var form = await _client.PostAsync($"/streams/{NewStream()}", new StringContent(Event(), Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.Created, form.StatusCode);
        using var ingest = await _client.PostAsync("/ingest", new StringContent($$$"""{"stream":"{{{NewStream()}}}","type":"A","data":{}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
    }

    [Fact]
    public void The_interactive_reference_at_docs_shows_the_documents_operations_in_a_browser()
    {
        using var chromium = HeadlessChromium.Start();
        chromium.Browser.Navigate().GoToUrl(new Uri(fixture.Gateway.BaseAddress, "/docs"));

        // The document's description and its first operation appear only once Scalar has read /openapi/v1.json.
        new WebDriverWait(chromium.Browser, HeadlessChromium.Patience)
            .Until(b => b.FindElement(By.TagName("body")).Text.Contains("Publish events to streams", StringComparison.Ordinal));
        var page = chromium.Browser.FindElement(By.TagName("body")).Text;
        Assert.Contains("Append one event, or an atomic batch, to a stream.", page, StringComparison.Ordinal);
        Assert.Contains("Consumer groups", page, StringComparison.Ordinal);
    }
}
