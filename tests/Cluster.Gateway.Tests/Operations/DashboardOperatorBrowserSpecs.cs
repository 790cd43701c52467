using System.Net.Http.Headers;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Gateway.Tests.Security;
using Cluster.Tests.Shared;
using OpenQA.Selenium;
using Xunit.Abstractions;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Operations;

/// <summary>
/// The operator's pages in headless chromium, signed in with an admin key: the stream browser (a
/// stream and a topic, paged, one event's JSON), a group's parked events and the replay button, and
/// the members with their shards. Each spec saves a screenshot.
/// </summary>
public sealed class DashboardOperatorBrowserSpecs(KeyedGateway fixture, ITestOutputHelper output) : IClassFixture<KeyedGateway>, IDisposable
{
    private readonly HttpClient _root = KeyedClient(fixture.Gateway.BaseAddress, KeyedGateway.Root);

    [Fact]
    public async Task The_stream_browser_pages_through_a_stream_and_a_topic_and_shows_an_events_json()
    {
        var topic = NewTopic();
        var stream = $"{topic}-browsed";
        for (var i = 1; i <= 25; i++)
        {
            await AppendCreatedAsync(_root, stream, Event(type: "Counted", data: $$"""{"n":{{i}}}"""));
        }

        await AppendCreatedAsync(_root, $"{topic}-other", Event(type: "Elsewhere"));

        using var chromium = HeadlessChromium.Start();
        var browser = chromium.Browser;
        var wait = DashboardPages.Wait(browser);
        DashboardPages.SignIn(browser, fixture.Gateway.BaseAddress, KeyedGateway.Root);
        DashboardPages.Show(browser, "streams");

        browser.FindElement(By.Id("browse-name")).SendKeys(stream);
        browser.FindElement(By.Id("browse-open")).Click();
        wait.Until(b => DashboardPages.Rows(b, "browse").Count == 20);
        Assert.Equal(Enumerable.Range(1, 20).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), DashboardPages.Rows(browser, "browse").Select(row => row[2]));
        Assert.False(browser.FindElement(By.Id("browse-prev")).Enabled);

        browser.FindElement(By.Id("browse-next")).Click();
        wait.Until(b => DashboardPages.Rows(b, "browse").Count == 5);
        Assert.Equal(["21", "22", "23", "24", "25"], DashboardPages.Rows(browser, "browse").Select(row => row[2]));
        Assert.False(browser.FindElement(By.Id("browse-next")).Enabled);

        // One event's JSON, as stored.
        browser.FindElements(By.CssSelector("#browse tbody tr"))[2].Click();
        wait.Until(b => b.FindElement(By.Id("event-json")).Text.Length > 0);
        var shown = JsonDocument.Parse(browser.FindElement(By.Id("event-json")).Text).RootElement;
        Assert.Equal((stream, 23L, 23), (shown.GetProperty("stream").GetString(), shown.GetProperty("sequence").GetInt64(), shown.GetProperty("data").GetProperty("n").GetInt32()));
        DashboardPages.Screenshot(browser, "stream-browser", output);

        browser.FindElement(By.Id("browse-prev")).Click();
        wait.Until(b => DashboardPages.Rows(b, "browse").Count == 20);

        // The topic: both streams, in offset order.
        browser.FindElement(By.CssSelector("#browse-kind option[value='topic']")).Click();
        var name = browser.FindElement(By.Id("browse-name"));
        name.Clear();
        name.SendKeys(topic);
        browser.FindElement(By.Id("browse-open")).Click();
        wait.Until(b => b.FindElement(By.Id("browse-status")).Text == $"topic {topic}");
        browser.FindElement(By.Id("browse-next")).Click();
        wait.Until(b => DashboardPages.Rows(b, "browse").Count == 6);
        Assert.Equal($"{topic}-other", DashboardPages.Rows(browser, "browse")[^1][1]);
        var offsets = DashboardPages.Rows(browser, "browse").Select(row => long.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(offsets.Order(), offsets);
    }

    [Fact]
    public async Task A_groups_parked_events_are_shown_and_the_replay_button_hands_them_out_again()
    {
        var topic = NewTopic();
        await AppendCreatedAsync(_root, $"{topic}-1", Event(type: "Poison", data: """{"bad":true}"""));
        using (var created = await _root.PutAsync($"/topics/{topic}/groups/workers", Json("""{"maxDeliveries":1}""")))
        {
            Assert.True(created.IsSuccessStatusCode);
        }

        await using var member = await SseClient.ConnectAsync(_root, $"/topics/{topic}/groups/workers/subscribe");
        var first = await member.NextEventAsync(SpecTimes.Patience);
        using (var nack = await _root.PostAsync($"/topics/{topic}/groups/workers/nack", Json($$"""{"ids":["{{first.Id}}"]}""")))
        {
            Assert.True(nack.IsSuccessStatusCode);
        }

        using var chromium = HeadlessChromium.Start();
        var browser = chromium.Browser;
        var wait = DashboardPages.Wait(browser);
        DashboardPages.SignIn(browser, fixture.Gateway.BaseAddress, KeyedGateway.Root);
        DashboardPages.Show(browser, "consumers");
        wait.Until(b => DashboardPages.Rows(b, "consumers").Any(row => row.Length > 2 && row[1] == topic && row[2] == "workers"));
        DashboardPages.Click(browser, b => b.FindElements(By.CssSelector("#consumers tbody tr"))
            .First(row => row.Text.Contains(topic, StringComparison.Ordinal))
            .FindElement(By.CssSelector("button")));

        wait.Until(b => DashboardPages.Rows(b, "parked").Count == 1);
        var parked = DashboardPages.Rows(browser, "parked").Single();
        Assert.Equal(($"{topic}-1", "Poison", "1"), (parked[1], parked[3], parked[4]));
        Assert.Contains("negatively acknowledged", parked[5], StringComparison.Ordinal);
        DashboardPages.Click(browser, b => b.FindElement(By.CssSelector("#parked tbody tr")));
        wait.Until(b => b.FindElement(By.Id("parked-json")).Displayed);
        Assert.Contains("\"bad\": true", browser.FindElement(By.Id("parked-json")).Text, StringComparison.Ordinal);
        DashboardPages.Screenshot(browser, "parked", output);

        browser.FindElement(By.Id("replay")).Click();
        wait.Until(b => b.FindElement(By.Id("replay-status")).Text == "replayed 1 parked event");

        // The replay really happened: the member gets the event again, and once acked nothing is parked.
        var again = await member.NextEventAsync(SpecTimes.Patience);
        Assert.Equal(first.Data, again.Data);
        using (var ack = await _root.PostAsync($"/topics/{topic}/groups/workers/ack", Json($$"""{"ids":["{{again.Id}}"]}""")))
        {
            Assert.True(ack.IsSuccessStatusCode);
        }

        browser.FindElement(By.Id("consumer-refresh")).Click();
        wait.Until(b => DashboardPages.Rows(b, "parked").Count == 0 && b.FindElement(By.Id("parked-empty")).Displayed);
    }

    [Fact]
    public async Task The_members_view_lists_each_member_with_its_shards()
    {
        // A running stream entity, so that at least one shard is placed.
        await AppendCreatedAsync(_root, $"{NewTopic()}-1", Event());

        using var chromium = HeadlessChromium.Start();
        var browser = chromium.Browser;
        var wait = DashboardPages.Wait(browser);
        DashboardPages.SignIn(browser, fixture.Gateway.BaseAddress, KeyedGateway.Root);
        DashboardPages.Show(browser, "members");

        wait.Until(b => DashboardPages.Rows(b, "placement").Any(row => row.Length == 6 && row[2] == "Up" && row[5] != "–"));
        var row = DashboardPages.Rows(browser, "placement").Single();
        Assert.Contains("gateway", row[1], StringComparison.Ordinal);
        var shardIds = row[5].Split(", ");
        Assert.Equal(int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture), shardIds.Length);
        Assert.All(shardIds, id => Assert.Matches(@"^\S+ \(\d+\)$", id));
        DashboardPages.Screenshot(browser, "members", output);
    }

    public void Dispose() => _root.Dispose();

    private static HttpClient KeyedClient(Uri address, string key)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
