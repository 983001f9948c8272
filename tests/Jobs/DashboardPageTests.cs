using System.Globalization;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Warehouse.Jobs;
using Warehouse.Jobs.Commands;
using Warehouse.Jobs.Dashboard;
using Warehouse.Jobs.Feed;
using Warehouse.Jobs.Host;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Jobs;

/// <summary>
/// The executive dashboard in a real headless Chromium (Debian's package, driven by Playwright): the page
/// is loaded from the running host over the demo warehouse and every tile is checked against the views.
/// </summary>
public sealed class DashboardPageTests
{
    private const string Chromium = "/usr/bin/chromium";

    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "page-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task The_page_shows_a_tile_per_kpi_with_the_scorecard_value_change_and_status_colour()
    {
        if (!File.Exists(Chromium))
        {
            var message = $"{Chromium} is missing (apt-get install chromium)";
            if (PostgresServer.IsCi) Assert.Fail(message);
            Assert.Ignore(message);
        }

        var host = new HostConfiguration(HostConfiguration.Load(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = $"Data Source={Path.Combine(folder, "warehouse.duckdb")}",
            ["Warehouse:Engine"] = "DuckDb",
            ["Demo:Root"] = Path.Combine(folder, "demo"),
        }));
        Assert.That(await DemoCommand.RunAsync(host, 0.01, CancellationToken.None), Is.Zero);
        List<ScorecardRow> scorecard;
        await using (var db = host.Database.Open()) scorecard = await db.GetTable<ScorecardRow>().ToListAsync();
        Assert.That(scorecard.Select(r => r.Status), Does.Contain("on track").Or.Contain("warning").Or.Contain("critical"), "the demo has targets");

        await using var app = JobsWebHost.Build(new HostConfiguration(HostConfiguration.Load(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = host.Database.ConnectionString,
            ["Warehouse:Engine"] = "DuckDb",
            ["Sources:Shopify:Enabled"] = "false", ["Sources:Zendesk:Enabled"] = "false", ["Sources:HubSpot:Enabled"] = "false", ["Sources:Files:Enabled"] = "false",
        })), "http://127.0.0.1:0");
        await app.StartAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var response = await page.GotoAsync(new Uri(HostAddress.Of(app), "exec").ToString());
        Assert.That(response!.Status, Is.EqualTo(200));

        Assert.That(await page.Locator(".tile").CountAsync(), Is.EqualTo(scorecard.Count));
        foreach (var row in scorecard)
        {
            var tile = page.Locator($".tile[data-kpi='{row.KpiCode}']");
            Assert.Multiple(async () =>
            {
                Assert.That(await tile.Locator("h3").InnerTextAsync(), Is.EqualTo(row.KpiName), row.KpiCode);
                Assert.That(await tile.Locator(".value").InnerTextAsync(), Is.EqualTo(KpiFormat.Value(row.CurrentValue, row.Unit)), row.KpiCode);
                Assert.That(await tile.GetAttributeAsync("data-status"), Is.EqualTo(row.Status), row.KpiCode);
                Assert.That(await tile.EvaluateAsync<string>("t => getComputedStyle(t).borderLeftColor"), Is.EqualTo(Rgb(KpiFormat.StatusColour(row.Status))), row.KpiCode);
                Assert.That(await tile.Locator(".status").InnerTextAsync(), Is.EqualTo(row.Status.ToUpperInvariant()), row.KpiCode);
                if (row.ChangeFromPreviousMonth is not null) Assert.That(await tile.Locator(".change").InnerTextAsync(), Does.Contain(KpiFormat.Change(row.ChangeFromPreviousMonth.Value, row.Unit)), row.KpiCode);
            });
        }

        Assert.That(await page.Locator("section[data-area] h2").AllInnerTextsAsync(), Is.SubsetOf(Enum.GetNames<Warehouse.Kpis.KpiArea>()));
        Assert.That(await page.Locator(".tile svg.trend polyline").CountAsync(), Is.EqualTo(scorecard.Count), "a trend chart in every tile");

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "exec-dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000));
        TestContext.AddTestAttachment(screenshot, "The executive dashboard as Chromium renders it");
        await app.StopAsync();
    }

    [Test]
    public async Task The_page_reads_in_russian_and_persian_right_to_left_with_persian_digits()
    {
        if (!File.Exists(Chromium))
        {
            var message = $"{Chromium} is missing (apt-get install chromium)";
            if (PostgresServer.IsCi) Assert.Fail(message);
            Assert.Ignore(message);
        }

        var host = new HostConfiguration(HostConfiguration.Load(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = $"Data Source={Path.Combine(folder, "warehouse.duckdb")}",
            ["Warehouse:Engine"] = "DuckDb",
            ["Demo:Root"] = Path.Combine(folder, "demo"),
        }));
        Assert.That(await DemoCommand.RunAsync(host, 0.01, CancellationToken.None), Is.Zero);
        List<ScorecardRow> scorecard;
        await using (var db = host.Database.Open()) scorecard = await db.GetTable<ScorecardRow>().ToListAsync();
        // Exec:Culture is the default language; ?lang= chooses another.
        await using var app = JobsWebHost.Build(new HostConfiguration(HostConfiguration.Load(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = host.Database.ConnectionString,
            ["Warehouse:Engine"] = "DuckDb",
            ["Exec:Culture"] = "fa",
            ["Sources:Shopify:Enabled"] = "false", ["Sources:Zendesk:Enabled"] = "false", ["Sources:HubSpot:Enabled"] = "false", ["Sources:Files:Enabled"] = "false",
        })), "http://127.0.0.1:0");
        await app.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });

        foreach (var (query, language, direction) in new[] { ("exec?lang=ru", "ru", "ltr"), ("exec", "fa", "rtl"), ("exec?lang=en", "en", "ltr") })
        {
            var culture = Warehouse.Kpis.Text.KpiText.Culture(language);
            var response = await page.GotoAsync(new Uri(HostAddress.Of(app), query).ToString());
            Assert.That(response!.Status, Is.EqualTo(200), query);
            Assert.That((await page.GetAttributeAsync("html", "lang"), await page.GetAttributeAsync("html", "dir")), Is.EqualTo((language, direction)), query);
            Assert.That(await page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction"), Is.EqualTo(direction), query);
            Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo(Warehouse.Kpis.Text.KpiText.Label("page.heading", culture)), query);
            Assert.That(await page.Locator("section[data-area] h2").AllInnerTextsAsync(),
                Is.SubsetOf(Enum.GetNames<Warehouse.Kpis.KpiArea>().Select(a => Warehouse.Kpis.Text.KpiText.Area(a, culture))), query);
            foreach (var row in scorecard)
            {
                var tile = page.Locator($".tile[data-kpi='{row.KpiCode}']");
                var value = KpiFormat.ValueIn(culture, row.CurrentValue, row.Unit);
                Assert.That(await tile.Locator("h3").InnerTextAsync(), Is.EqualTo(Warehouse.Kpis.Text.KpiText.Name(row.KpiCode, row.KpiName, culture)), $"{query} {row.KpiCode}");
                Assert.That(await tile.Locator(".value").InnerTextAsync(), Is.EqualTo(value), $"{query} {row.KpiCode}");
                Assert.That(await tile.Locator(".status").InnerTextAsync(), Is.EqualTo(Warehouse.Kpis.Text.KpiText.Status(row.Status, culture).ToUpper(culture)), $"{query} {row.KpiCode}");
                if (language == "fa" && row.CurrentValue is not null) Assert.That(value, Does.Match("[۰-۹]").And.Not.Match("[0-9]"), row.KpiCode);
            }

            // A point's tooltip names its month and value in the reader's language and digits.
            var tooltips = await page.Locator(".tile svg.trend circle title").AllTextContentsAsync();
            Assert.That(tooltips, Is.Not.Empty, query);
            if (language == "fa") Assert.That(tooltips, Has.All.Not.Match("[0-9]"), "Persian digits in every tooltip");
            if (language == "en") Assert.That(tooltips, Has.Some.Match(@"^[A-Z][a-z]+ \d{4}: "), "month name and year");

            // The trend runs in the reader's direction: on the Persian page the newest month is drawn leftmost.
            var points = await page.Locator(".tile svg.trend").First.Locator("circle").EvaluateAllAsync<double[]>("cs => cs.map(c => c.cx.baseVal.value)");
            if (points.Length > 1) Assert.That(points[^1] < points[0], Is.EqualTo(direction == "rtl"), query);
            var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"exec-dashboard-{language}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000));
            TestContext.AddTestAttachment(screenshot, $"The executive dashboard in {culture.EnglishName}");
        }

        var unknown = await page.GotoAsync(new Uri(HostAddress.Of(app), "exec?lang=xx").ToString());
        Assert.That(unknown!.Status, Is.EqualTo(400));
        Assert.That(await unknown.TextAsync(), Does.Contain("use one of en, ru, fa"));
        await app.StopAsync();
    }

    private static string Rgb(string hex) => string.Create(CultureInfo.InvariantCulture,
        $"rgb({Convert.ToInt32(hex[..2], 16)}, {Convert.ToInt32(hex[2..4], 16)}, {Convert.ToInt32(hex[4..], 16)})");
}
