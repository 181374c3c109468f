using Microsoft.Playwright;
using Xunit;

namespace ConnexIdP.Testing;

/// <summary>
/// Debian's Chromium driven by Playwright, launched once per test class (an xunit class fixture); each test takes a
/// fresh browser profile from it. No browser is ever downloaded: <c>playwright install</c> fails here, and the test
/// script installs the <c>chromium</c> package.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been launched.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ExecutablePath}: run `apt-get install -y chromium` (./test.sh does), never `playwright install`.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh profile (no cookies, no storage) with a window of <paramref name="screen"/>'s size.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserScreen screen)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            // The test servers present a self-signed certificate made for this test run.
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = screen.Width, Height = screen.Height },
            IsMobile = screen.IsPhone,
            HasTouch = screen.IsPhone,
        });

        // The first sign-in of a run pays for JIT compilation of the server, the relying party and Chromium on two
        // cores; Playwright's 30 s default is too tight for that on a busy machine.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
