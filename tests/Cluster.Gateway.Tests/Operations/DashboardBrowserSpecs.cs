using Cluster.Gateway.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Operations;

/// <summary>
/// The dashboard in a real browser: Debian's headless chromium, driven by chromedriver, opens
/// <c>GET /</c> on a real gateway without API keys (the sign-in page forwards there), sees the members table, sees a topic's rate rise while events
/// are published, tails the topic, and saves a screenshot under the test output.
/// </summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class DashboardBrowserSpecs(SharedGateway fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_dashboard_shows_the_members_a_topics_rising_rate_and_a_live_tail()
    {
        var topic = NewTopic();
        using var chromium = HeadlessChromium.Start();
        var browser = chromium.Browser;
        var wait = new WebDriverWait(browser, HeadlessChromium.Patience);

        // Without API keys there is nothing to sign in to: the sign-in page forwards to the dashboard.
        browser.Navigate().GoToUrl(new Uri(fixture.Gateway.BaseAddress, "/signin.html"));
        wait.Until(b => new Uri(b.Url).AbsolutePath == "/");

        // The page redraws its tables every second: an element found may be replaced before it is used.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));

        wait.Until(b => b.FindElements(By.CssSelector("#members tbody tr")).Any(row => row.Text.Contains("Up", StringComparison.Ordinal)));
        Assert.Contains("gateway", browser.FindElement(By.CssSelector("#members tbody")).Text, StringComparison.Ordinal);

        // Publish until the topic's row shows a rate above zero (the rate of the last complete second).
        using var publishing = new CancellationTokenSource(HeadlessChromium.Patience);
        var publisher = PublishUntilCancelledAsync(topic, publishing.Token);
        wait.Until(b => RateOf(b, topic) > 0);

        // Tail the topic from its row; an event published now appears in the tail.
        wait.Until(b =>
        {
            b.FindElements(By.CssSelector("#topics tbody tr"))
                .Single(row => row.FindElement(By.CssSelector("td")).Text == topic)
                .FindElement(By.CssSelector("button")).Click();
            return true;
        });
        wait.Until(b => b.FindElements(By.CssSelector("#tail tbody tr")).Any(row => row.Text.Contains(topic + "-", StringComparison.Ordinal)));

        await publishing.CancelAsync();
        await publisher;
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(screenshot);
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot is empty.");
    }

    private static int RateOf(IWebDriver browser, string topic)
    {
        try
        {
            var row = browser.FindElements(By.CssSelector("#topics tbody tr")).FirstOrDefault(r => r.FindElement(By.CssSelector("td")).Text == topic);
            return row is not null && int.TryParse(row.FindElement(By.CssSelector(".topic-rate")).Text, out var rate) ? rate : 0;
        }
        catch (StaleElementReferenceException)
        {
            return 0; // redrawn between the lookups: try again
        }
    }

    private async Task PublishUntilCancelledAsync(string topic, CancellationToken ct)
    {
        var i = 0;
        while (!ct.IsCancellationRequested)
        {
            (await PostAsync(fixture.Client, $"{topic}-{i++ % 5}", Event())).Dispose();
            try
            {
                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
