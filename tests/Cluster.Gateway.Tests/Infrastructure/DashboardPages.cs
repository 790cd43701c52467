using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace Cluster.Gateway.Tests.Infrastructure;

/// <summary>What the dashboard's browser specs do on every page: sign in, wait, save a screenshot.</summary>
public static class DashboardPages
{
    public static WebDriverWait Wait(IWebDriver browser)
    {
        var wait = new WebDriverWait(browser, HeadlessChromium.Patience);

        // The page redraws its tables every second: an element found may be replaced before it is used.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        return wait;
    }

    /// <summary>Opens the dashboard, lands on the sign-in page, and signs in with <paramref name="key"/>.</summary>
    public static void SignIn(IWebDriver browser, Uri gateway, string key)
    {
        browser.Navigate().GoToUrl(gateway);
        var wait = Wait(browser);
        wait.Until(b => b.Url.EndsWith("/signin.html", StringComparison.Ordinal));
        var input = browser.FindElement(By.Id("key"));
        input.Clear();
        input.SendKeys(key);
        browser.FindElement(By.Id("signin-submit")).Click();
        wait.Until(b => new Uri(b.Url).AbsolutePath == "/" && b.FindElement(By.Id("connection")).Text == "live");
    }

    /// <summary>Finds and clicks an element, again if a redraw replaced it between the two.</summary>
    public static void Click(IWebDriver browser, Func<IWebDriver, IWebElement> find) =>
        Wait(browser).Until(b =>
        {
            find(b).Click();
            return true;
        });

    /// <summary>Switches to one of the dashboard's views (overview, streams, consumers, members).</summary>
    public static void Show(IWebDriver browser, string view)
    {
        browser.FindElement(By.CssSelector($"nav a[data-nav='{view}']")).Click();
        Wait(browser).Until(b => b.FindElement(By.CssSelector($"main[data-view='{view}']")).Displayed);
    }

    /// <summary>Saves the page as screenshots/<paramref name="name"/>.png under the test output and checks it is not blank.</summary>
    public static void Screenshot(IWebDriver browser, string name, ITestOutputHelper output)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(path);
        output.WriteLine($"screenshot: {path}");
        Assert.True(new FileInfo(path).Length > 10_000, $"The screenshot {name} is empty.");
    }

    /// <summary>The rows of a table's body, as text per cell; empty while it is being redrawn.</summary>
    public static IReadOnlyList<string[]> Rows(IWebDriver browser, string table)
    {
        try
        {
            return browser.FindElements(By.CssSelector($"#{table} tbody tr"))
                .Select(row => row.FindElements(By.CssSelector("td")).Select(td => td.Text).ToArray())
                .ToList();
        }
        catch (StaleElementReferenceException)
        {
            return [];
        }
    }
}
