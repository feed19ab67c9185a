using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orchestrator.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Silo.Tests;

/// <summary>
/// The job page at "/" in headless Chromium (Debian's, driven by Playwright) against a real host: the key asked for
/// once, the example job submitted, its progress drawn as events arrive, its sample grid shown.
/// </summary>
public class WebPageTests(JobsApiHost host) : IClassFixture<JobsApiHost>
{
    /// <summary>A headless page on the host's "/", with Playwright's assertions as patient as its waits.</summary>
    async Task<HeadlessPage> OpenAsync()
    {
        SetDefaultExpectTimeout(HeadlessPage.WaitMs);
        return await HeadlessPage.OpenAsync(host.Http);
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
        await using var browser = await OpenAsync();
        var page = browser.Page;

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
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A2DJob_IsDrawnAsAScatterOfItsParticles()
    {
        await using var browser = await OpenAsync();
        var page = browser.Page;

        await EnterKeyAsync(page);
        await page.GetByTestId("spec").FillAsync(TestSpecs.Fk);
        await page.GetByTestId("submit").ClickAsync();

        await Expect(page.GetByTestId("scatter")).ToHaveAttributeAsync("data-points", "300");
        await Expect(page.GetByTestId("step-counter")).ToHaveTextAsync("20 / 20");
        Assert.Equal("20", await page.GetByTestId("ess-chart").GetAttributeAsync("data-points"));
        Assert.True(await page.GetByTestId("sample-grid").IsHiddenAsync());
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task AnInvalidSpec_ShowsEveryFieldAtFault()
    {
        await using var browser = await OpenAsync();
        var page = browser.Page;

        await EnterKeyAsync(page);
        await page.GetByTestId("spec").FillAsync(TestSpecs.Fk.Replace("\"particles\": 300", "\"particles\": 0").Replace("\"steps\": 20", "\"steps\": -1"));
        await page.GetByTestId("submit").ClickAsync();

        await Expect(page.GetByTestId("submit-errors")).ToContainTextAsync("method.particles");
        await Expect(page.GetByTestId("submit-errors")).ToContainTextAsync("sampler.steps");
        Assert.True(await page.GetByTestId("job-view").IsHiddenAsync());
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task AWrongKey_IsRefused_AndAskedForAgain()
    {
        await using var browser = await OpenAsync();
        var page = browser.Page;

        await page.GetByTestId("api-key").FillAsync("not-a-key");
        await page.GetByTestId("key-submit").ClickAsync();

        await Expect(page.Locator("#key-error")).ToHaveTextAsync("The host refused that key.");
        await Expect(page.GetByTestId("api-key")).ToBeVisibleAsync();
    }

    /// <summary>A silo on its own with no keys (the embedded default): the page asks for none.</summary>
    [Fact]
    public async Task OnAHostWithNoKeys_ThePageAsksForNone()
    {
        await using var open = new SiloHosts();
        await open.StartAsync(new Dictionary<string, string?>());
        SetDefaultExpectTimeout(HeadlessPage.WaitMs);
        await using var browser = await HeadlessPage.OpenAsync(open.Http(0));

        await Expect(browser.Page.GetByTestId("submit")).ToBeVisibleAsync();
        await Expect(browser.Page.GetByTestId("key-state")).ToHaveTextAsync("this host needs no API key");
        Assert.True(await browser.Page.GetByTestId("key-form").IsHiddenAsync());
        Assert.Empty(browser.Errors);
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
