using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cluster.Tests.Shared;

namespace Cluster.Gateway.Tests.Security;

/// <summary>
/// The dashboard's sign-in on a gateway with API keys, over plain HTTP: the form's key becomes an
/// HttpOnly, SameSite=Strict session cookie that the dashboard's routes accept and the API does not;
/// sign-out clears it; a session has its key's rights and no more.
/// </summary>
public sealed class DashboardSessionSpecs(KeyedGateway fixture) : IClassFixture<KeyedGateway>, IDisposable
{
    // Redirects and cookies by hand: each spec says which cookie it sends.
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = fixture.Gateway.BaseAddress,
    };

    [Fact]
    public async Task Signing_in_with_a_key_sets_an_httponly_samesite_strict_cookie_and_sends_the_browser_to_the_dashboard()
    {
        using var response = await SignInAsync(KeyedGateway.Root);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.StartsWith("evc-dashboard=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain("secure", attributes); // plain HTTP here; HttpsSpecs shows Secure over HTTPS
        Assert.DoesNotContain(KeyedGateway.Root, setCookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_sends_the_browser_back_to_the_sign_in_page_without_a_cookie()
    {
        foreach (var key in new[] { "not-a-configured-key-at-all", "", KeyedGateway.Root + "x" })
        {
            using var response = await SignInAsync(key);
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            Assert.Equal("/signin.html?failed=1", response.Headers.Location!.OriginalString);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task Without_a_session_the_page_redirects_to_sign_in_which_is_open_and_everything_else_is_401()
    {
        using (var page = await GetAsync("/", cookie: null))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/signin.html", page.Headers.Location!.OriginalString);
        }

        foreach (var open in new[] { "/signin.html", "/signin.js", "/dashboard.css" })
        {
            using var response = await GetAsync(open, cookie: null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        foreach (var closed in new[] { "/dashboard.js", "/browser.js", "/dashboard/stream", "/dashboard/api/session", "/dashboard/api/streams/sec-1" })
        {
            using var response = await GetAsync(closed, cookie: null);
            await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        using var forged = await GetAsync("/dashboard/api/session", cookie: "evc-dashboard=forged-value");
        await Api.AssertProblemAsync(forged, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_cookie_opens_the_dashboard_and_its_feed_but_never_the_api()
    {
        Assert.Equal(HttpStatusCode.Created, (await SendWithKeyAsync(HttpMethod.Post, "/streams/sec-session", Api.Event())).StatusCode);
        var cookie = await SessionCookieAsync(KeyedGateway.Root);

        using (var page = await GetAsync("/", cookie))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Stream browser", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var read = await GetAsync("/dashboard/api/streams/sec-session", cookie))
        {
            Assert.Equal("sec-session", (await Api.JsonAsync(read)).GetProperty("stream").GetString());
        }

        using (var feed = await GetAsync("/dashboard/stream", cookie))
        {
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
            Assert.Equal("text/event-stream", feed.Content.Headers.ContentType?.MediaType);
        }

        // The public API keeps bearer keys only: the same cookie is a missing key there.
        foreach (var api in new[] { "/streams/sec-session", "/topics/sec", "/cluster", "/metrics", "/topics/sec/subscribe" })
        {
            using var response = await GetAsync(api, cookie);
            await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_session_has_exactly_its_keys_rights()
    {
        var subscriber = await SessionCookieAsync(KeyedGateway.Subscribe);

        var session = await GetJsonAsync("/dashboard/api/session", subscriber);
        Assert.True(session.GetProperty("keys").GetBoolean());
        Assert.Equal("key#1", session.GetProperty("key").GetString());
        Assert.False(session.GetProperty("cluster").GetBoolean());
        Assert.False(session.GetProperty("all").GetBoolean());
        Assert.Equal(["subscribe"], (await GetJsonAsync("/dashboard/api/topics/sec/rights", subscriber)).GetProperty("rights").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty((await GetJsonAsync("/dashboard/api/topics/other/rights", subscriber)).GetProperty("rights").EnumerateArray());

        using (var cluster = await GetAsync("/dashboard/api/cluster", subscriber))
        {
            await Api.AssertProblemAsync(cluster, HttpStatusCode.Forbidden);
        }

        using (var elsewhere = await GetAsync("/dashboard/api/topics/other", subscriber))
        {
            await Api.AssertProblemAsync(elsewhere, HttpStatusCode.Forbidden);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/api/topics/sec/groups/g/parked/replay"))
        {
            request.Headers.Add("Cookie", subscriber);
            using var replay = await _client.SendAsync(request);
            await Api.AssertProblemAsync(replay, HttpStatusCode.Forbidden);
        }

        // The feed leaves out the cluster and $all for this key.
        using var feedClient = CookieClient(subscriber);
        await using var feed = await SseClient.ConnectAsync(feedClient, "/dashboard/stream");
        var snapshot = JsonDocument.Parse((await feed.NextEventAsync(SpecTimes.Patience)).Data!).RootElement;
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("cluster").ValueKind);
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("all").ValueKind);

        var admin = await GetJsonAsync("/dashboard/api/session", await SessionCookieAsync(KeyedGateway.Root));
        Assert.True(admin.GetProperty("cluster").GetBoolean());
        Assert.True(admin.GetProperty("all").GetBoolean());
    }

    [Fact]
    public async Task Signing_out_expires_the_cookie_and_sends_the_browser_to_sign_in()
    {
        var cookie = await SessionCookieAsync(KeyedGateway.Admin);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/signout");
        request.Headers.Add("Cookie", cookie);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/signin.html", response.Headers.Location!.OriginalString);
        var cleared = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("evc-dashboard=;", cleared, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SignInAsync(string key) =>
        await _client.PostAsync("/dashboard/signin", new FormUrlEncodedContent([new KeyValuePair<string, string>("key", key)]));

    private async Task<string> SessionCookieAsync(string key)
    {
        using var response = await SignInAsync(key);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response;
    }

    private async Task<JsonElement> GetJsonAsync(string path, string cookie)
    {
        using var response = await GetAsync(path, cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.JsonAsync(response);
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = Api.Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyedGateway.Root);
        return await _client.SendAsync(request);
    }

    private HttpClient CookieClient(string cookie)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = fixture.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
