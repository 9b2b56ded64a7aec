using Microsoft.Playwright;

namespace Campus.Console.Tests;

/// <summary>
/// One headless Debian Chromium (<c>/usr/bin/chromium</c>, or <c>chromium</c> on the PATH) for the
/// whole test run, driven by Playwright. Playwright never downloads a browser here.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = FindChromium(),
            Headless = true,
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// Pages that close together on dispose: declare it after the host (<c>await using</c>) so the
    /// pages are gone before the host stops.
    /// </summary>
    public Pages NewPages() => new(this);

    /// <summary>A fresh page (its own context) of the given size, English unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, string locale = "en-US", string timeZoneId = "UTC")
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            Locale = locale,
            // Deliberately not the campus's zone: the console must show campus time whatever the browser's.
            TimezoneId = timeZoneId,
        });
        return await context.NewPageAsync();
    }

    private static string FindChromium()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("CAMPUS_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, "chromium");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("Chromium was not found (apt-get install chromium, or set CAMPUS_TEST_CHROMIUM).");
    }
}

/// <summary>Browser pages of one test, closed together.</summary>
public sealed class Pages(BrowserFixture browser) : IAsyncDisposable
{
    private readonly List<IPage> _pages = [];

    public async Task<IPage> NewAsync(int width = 1280, int height = 800)
    {
        var page = await browser.NewPageAsync(width, height);
        _pages.Add(page);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages) await page.Context.CloseAsync();
    }
}

/// <summary>The browser tests share one browser and run one at a time (timing assertions on 2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "console";
}
