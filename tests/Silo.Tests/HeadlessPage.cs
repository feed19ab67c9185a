using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Orchestrator.Silo.Tests;

/// <summary>
/// A page of a headless Chromium driven by Playwright: STEER_CHROMIUM, else Debian's /usr/bin/chromium, never a
/// browser Playwright downloads. It records console errors and uncaught exceptions, but not the browser's notes of API
/// answers 4xx, which a page handles (a 401 that asks for the key, a 400 spec). Disposing closes the browser and the
/// Playwright driver.
/// </summary>
sealed partial class HeadlessPage : IAsyncDisposable
{
    /// <summary>How long any one wait may take: generous, since the machine may be busy with other builds.</summary>
    public const float WaitMs = 180_000;

    readonly IPlaywright playwright;
    readonly IBrowser browser;
    readonly List<string> errors = [];

    HeadlessPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        (this.playwright, this.browser, Page) = (playwright, browser, page);
        page.SetDefaultTimeout(WaitMs);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !HandledAnswer().IsMatch(message.Text)) lock (errors) errors.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors { get { lock (errors) return errors.ToArray(); } }

    [GeneratedRegex("^Failed to load resource: the server responded with a status of 4[0-9][0-9]")]
    private static partial Regex HandledAnswer();

    /// <summary>The browser, opened on <paramref name="address"/>; no browser is a failure saying how to get one.</summary>
    public static async Task<HeadlessPage> OpenAsync(Uri address)
    {
        var chromium = Environment.GetEnvironmentVariable("STEER_CHROMIUM") is { Length: > 0 } set ? set : "/usr/bin/chromium";
        Assert.True(File.Exists(chromium),
            $"no Chromium at {chromium}: the web page's test drives Debian's chromium. ./test.sh installs it " +
            "(as root: apt-get install -y --no-install-recommends chromium), or set STEER_CHROMIUM to a Chromium binary.");
        var playwright = await Playwright.CreateAsync();
        IBrowser? browser = null;
        try
        {
            // No sandbox: the tests run as root, where Chromium refuses to start with one.
            browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
            var page = new HeadlessPage(playwright, browser, await browser.NewPageAsync());
            await page.Page.GotoAsync(address.ToString());
            return page;
        }
        catch
        {
            if (browser is not null) await browser.CloseAsync();
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }
}
