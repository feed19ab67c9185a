using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Silo.Tests;

/// <summary>
/// The job page at "/" in headless Chromium (Debian's, driven by Playwright) against a real host: the key asked for
/// once, the example job submitted, its progress drawn as events arrive, its sample grid shown.
/// </summary>
public partial class WebPageTests(JobsApiHost host) : IClassFixture<JobsApiHost>
{
    [GeneratedRegex("^Failed to load resource: the server responded with a status of 4[0-9][0-9]")]
    private static partial Regex HandledAnswer();

    /// <summary>How long any one wait may take: generous, since the machine may be busy with other builds.</summary>
    const float WaitMs = 180_000;

    /// <summary>The browser: STEER_CHROMIUM, else Debian's. Missing, the test fails saying how to get it (it never downloads one).</summary>
    static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("STEER_CHROMIUM") is { Length: > 0 } set ? set : "/usr/bin/chromium";
        Assert.True(File.Exists(path),
            $"no Chromium at {path}: the web page's test drives Debian's chromium. ./test.sh installs it " +
            "(as root: apt-get install -y --no-install-recommends chromium), or set STEER_CHROMIUM to a Chromium binary.");
        return path;
    }

    /// <summary>
    /// A fresh page of a headless Chromium on the host's "/", with every console error and uncaught exception recorded
    /// but the browser's notes of API answers 4xx, which the page handles (the 401 that asks for the key, a 400 spec).
    /// </summary>
    async Task<(IPlaywright, IBrowser, IPage, List<string> Errors)> OpenAsync()
    {
        var playwright = await Playwright.CreateAsync();
        // No sandbox: the tests run as root, where Chromium refuses to start with one.
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath(), Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(WaitMs);
        SetDefaultExpectTimeout(WaitMs);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !HandledAnswer().IsMatch(message.Text)) lock (errors) errors.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        await page.GotoAsync(host.Http.ToString());
        return (playwright, browser, page, errors);
    }

    static async Task EnterKeyAsync(IPage page)
    {
        await page.GetByTestId("api-key").FillAsync(JobsApiHost.KeyA);
        await page.GetByTestId("key-submit").ClickAsync();
        await Expect(page.GetByTestId("submit")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("key-form")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task ThePage_SubmitsTheExampleDigitsJob_ShowsItsProgress_ThenItsSampleGrid()
    {
        var (playwright, browser, page, errors) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;

        await EnterKeyAsync(page);
        await page.GetByTestId("submit").ClickAsync();

        await Expect(page.GetByTestId("job-id")).ToHaveTextAsync(new Regex(@"\S"));
        var id = await page.GetByTestId("job-id").TextContentAsync();
        await Expect(page.GetByTestId("step-counter")).ToHaveTextAsync(new Regex(@"^[1-9]\d* / 100$"));
        await page.WaitForFunctionAsync("() => +document.getElementById('ess-chart').dataset.points > 0 && +document.getElementById('reward-chart').dataset.points > 0");
        await page.WaitForFunctionAsync("() => { const grid = document.getElementById('sample-grid'); return grid.checkVisibility() && grid.complete && grid.naturalWidth > 0; }");
        await Expect(page.GetByTestId("step-counter")).ToHaveTextAsync("100 / 100");
        await Expect(page.GetByTestId("job-state")).ToHaveTextAsync("completed");
        await Expect(page.Locator($"[data-testid=job-row][data-job-id='{id}']")).ToBeVisibleAsync();
        // 64 digits, 8 to a row, each 64 pixels and a 2-pixel gap.
        Assert.Equal(8 * 66 + 2, await page.GetByTestId("sample-grid").EvaluateAsync<int>("grid => grid.naturalWidth"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A2DJob_IsDrawnAsAScatterOfItsParticles()
    {
        var (playwright, browser, page, errors) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;

        await EnterKeyAsync(page);
        await page.GetByTestId("spec").FillAsync(TestSpecs.Fk);
        await page.GetByTestId("submit").ClickAsync();

        await Expect(page.GetByTestId("scatter")).ToHaveAttributeAsync("data-points", "300");
        await Expect(page.GetByTestId("step-counter")).ToHaveTextAsync("20 / 20");
        Assert.Equal("20", await page.GetByTestId("ess-chart").GetAttributeAsync("data-points"));
        Assert.True(await page.GetByTestId("sample-grid").IsHiddenAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AnInvalidSpec_ShowsEveryFieldAtFault()
    {
        var (playwright, browser, page, errors) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;

        await EnterKeyAsync(page);
        await page.GetByTestId("spec").FillAsync(TestSpecs.Fk.Replace("\"particles\": 300", "\"particles\": 0").Replace("\"steps\": 20", "\"steps\": -1"));
        await page.GetByTestId("submit").ClickAsync();

        await Expect(page.GetByTestId("submit-errors")).ToContainTextAsync("method.particles");
        await Expect(page.GetByTestId("submit-errors")).ToContainTextAsync("sampler.steps");
        Assert.True(await page.GetByTestId("job-view").IsHiddenAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AWrongKey_IsRefused_AndAskedForAgain()
    {
        var (playwright, browser, page, _) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;

        await page.GetByTestId("api-key").FillAsync("not-a-key");
        await page.GetByTestId("key-submit").ClickAsync();

        await Expect(page.Locator("#key-error")).ToHaveTextAsync("The host refused that key.");
        await Expect(page.GetByTestId("api-key")).ToBeVisibleAsync();
    }

    /// <summary>The page and its files need no key (they hold no data) and allow nothing from elsewhere.</summary>
    [Fact]
    public async Task ThePageAndItsFiles_AreServedWithoutAKey()
    {
        using var http = host.Client(null);

        foreach (var (path, type) in new[] { ("/", "text/html"), ("/web/page.js", "text/javascript"), ("/web/page.css", "text/css") })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
        Assert.Contains("data-testid=\"spec\"", await http.GetStringAsync("/"));
    }
}
