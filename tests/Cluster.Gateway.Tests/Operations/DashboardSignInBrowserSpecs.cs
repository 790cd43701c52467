using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Gateway.Tests.Security;
using Cluster.Tests.Shared;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace Cluster.Gateway.Tests.Operations;

/// <summary>
/// The dashboard behind API keys in headless chromium: the sign-in page, a wrong key, the session
/// cookie as the browser holds it, sign-out, and a key whose rights limit what the dashboard shows.
/// </summary>
public sealed class DashboardSignInBrowserSpecs(KeyedGateway fixture, ITestOutputHelper output) : IClassFixture<KeyedGateway>
{
    [Fact]
    public void An_operator_signs_in_with_a_key_sees_the_cluster_and_signs_out()
    {
        using var chromium = HeadlessChromium.Start();
        var browser = chromium.Browser;
        var wait = DashboardPages.Wait(browser);

        // A wrong key first: back on the sign-in page, told so.
        browser.Navigate().GoToUrl(fixture.Gateway.BaseAddress);
        wait.Until(b => b.Url.EndsWith("/signin.html", StringComparison.Ordinal));
        browser.FindElement(By.Id("key")).SendKeys("not-a-key-of-this-gateway");
        browser.FindElement(By.Id("signin-submit")).Click();
        wait.Until(b => b.FindElement(By.Id("failed")).Displayed);
        DashboardPages.Screenshot(browser, "signin-failed", output);

        DashboardPages.SignIn(browser, fixture.Gateway.BaseAddress, KeyedGateway.Root);
        wait.Until(b => DashboardPages.Rows(b, "members").Any(row => row.Length > 2 && row[2] == "Up"));
        Assert.Equal("signed in as key#3", browser.FindElement(By.Id("signed-in-as")).Text);

        // The browser holds the session as an HttpOnly, SameSite=Strict cookie that scripts cannot read.
        var cookie = browser.Manage().Cookies.GetCookieNamed("evc-dashboard");
        Assert.NotNull(cookie);
        Assert.True(cookie.IsHttpOnly);
        Assert.Equal("Strict", cookie.SameSite);
        Assert.DoesNotContain("evc-dashboard", (string)((IJavaScriptExecutor)browser).ExecuteScript("return document.cookie;")!, StringComparison.Ordinal);
        DashboardPages.Screenshot(browser, "signed-in", output);

        browser.FindElement(By.Id("signout-submit")).Click();
        wait.Until(b => b.Url.EndsWith("/signin.html", StringComparison.Ordinal));
        Assert.Null(browser.Manage().Cookies.GetCookieNamed("evc-dashboard"));
        browser.Navigate().GoToUrl(fixture.Gateway.BaseAddress);
        wait.Until(b => b.Url.EndsWith("/signin.html", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subscribe_key_sees_only_its_topics_no_members_and_no_replay_button()
    {
        using var root = KeyedClient(KeyedGateway.Root);
        var stream = $"sec-{Guid.NewGuid():N}";
        await Api.AppendCreatedAsync(root, stream, Api.Event());
        await Api.AppendCreatedAsync(root, "other-1", Api.Event());
        using (var group = await root.PutAsync("/topics/sec/groups/dashboard-view", Api.Json("{}")))
        {
            Assert.True(group.IsSuccessStatusCode);
        }

        using var chromium = HeadlessChromium.Start();
        var browser = chromium.Browser;
        var wait = DashboardPages.Wait(browser);
        DashboardPages.SignIn(browser, fixture.Gateway.BaseAddress, KeyedGateway.Subscribe);

        // No cluster view without admin on *: the note instead of members, no members tab, no $all chart.
        wait.Until(b => b.FindElement(By.CssSelector("main[data-view='overview'] .needs-cluster")).Displayed);
        Assert.Empty(DashboardPages.Rows(browser, "members"));
        Assert.False(browser.FindElement(By.CssSelector("nav a[data-nav='members']")).Displayed);
        Assert.False(browser.FindElement(By.Id("all-card")).Displayed);

        // Publishing to both topics: only sec shows up.
        using var publishing = new CancellationTokenSource(HeadlessChromium.Patience);
        var publisher = PublishUntilCancelledAsync(root, publishing.Token, stream, "other-1");
        wait.Until(b => DashboardPages.Rows(b, "topics").Any(row => row.Length > 0 && row[0] == "sec"));
        Assert.DoesNotContain(DashboardPages.Rows(browser, "topics"), row => row.Length > 0 && row[0] == "other");
        await publishing.CancelAsync();
        await publisher;

        // The group is visible (subscribe may read its status) but not replayable (that takes admin).
        DashboardPages.Show(browser, "consumers");
        wait.Until(b => DashboardPages.Rows(b, "consumers").Any(row => row.Length > 2 && row[2] == "dashboard-view"));

        // Its row is updated in place as its lag grows, never replaced, so a click on it is never lost
        // to the redraw: the element found before the change still shows the new lag (a stale one throws).
        var shownRow = browser.FindElements(By.CssSelector("#consumers tbody tr")).Single(row => row.Text.Contains("dashboard-view", StringComparison.Ordinal));
        var lagBefore = shownRow.FindElements(By.CssSelector("td"))[3].Text;
        await Api.AppendCreatedAsync(root, stream, Api.Event());
        new OpenQA.Selenium.Support.UI.WebDriverWait(browser, HeadlessChromium.Patience)
            .Until(_ => shownRow.FindElements(By.CssSelector("td"))[3].Text != lagBefore);
        DashboardPages.Click(browser, b => b.FindElements(By.CssSelector("#consumers tbody tr"))
            .First(row => row.Text.Contains("dashboard-view", StringComparison.Ordinal))
            .FindElement(By.CssSelector("button")));
        wait.Until(b => b.FindElements(By.CssSelector("#consumer-status dd[data-field='checkpoint']")).Count == 1);
        Assert.False(browser.FindElement(By.Id("replay")).Displayed);
        DashboardPages.Screenshot(browser, "subscribe-key", output);
    }

    private HttpClient KeyedClient(string key)
    {
        var client = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task PublishUntilCancelledAsync(HttpClient client, CancellationToken ct, params string[] streams)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var stream in streams)
            {
                (await Api.PostAsync(client, stream, Api.Event())).Dispose();
            }

            try
            {
                await Task.Delay(50, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
