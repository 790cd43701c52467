using OpenQA.Selenium.Chrome;

using Cluster.Tests.Shared;

namespace Cluster.Gateway.Tests.Infrastructure;

/// <summary>Debian's chromium, headless, driven by its chromedriver, with a throw-away profile.</summary>
public sealed class HeadlessChromium : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private readonly ChromeDriverService _service;
    private readonly DirectoryInfo _profile;

    private HeadlessChromium(ChromeDriverService service, DirectoryInfo profile, ChromeDriver browser)
    {
        _service = service;
        _profile = profile;
        Browser = browser;
    }

    /// <summary>How long a page gets to show what a spec waits for.</summary>
    public static TimeSpan Patience => SpecTimes.Patience;

    public ChromeDriver Browser { get; }

    public static HeadlessChromium Start()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver), "Needs Debian's chromium and chromium-driver (scripts/test.sh installs them).");
        var profile = Directory.CreateTempSubdirectory("spec-chromium-");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1366,900",
            $"--user-data-dir={profile.FullName}");
        return new HeadlessChromium(service, profile, new ChromeDriver(service, options, Patience));
    }

    public void Dispose()
    {
        Browser.Quit();
        Browser.Dispose();
        _service.Dispose();
        _profile.Delete(recursive: true);
    }
}
