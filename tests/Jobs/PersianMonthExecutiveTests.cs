using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Jobs.Dashboard;
using Warehouse.Jobs.Export;
using Warehouse.Jobs.Feed;
using Warehouse.Kpis;
using Warehouse.Kpis.Text;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Jobs;

/// <summary>
/// With Warehouse:Calendar = persian the executive views, page and workbook show a KPI by its Solar Hijri
/// months where it has them (Esfand 1404, اسفند ۱۴۰۴), and by Gregorian months where it has only those.
/// </summary>
public sealed class PersianMonthExecutiveTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly WarehouseSettings Persian = new()
    {
        CalendarStart = new DateOnly(2024, 1, 1), CalendarEnd = new DateOnly(2026, 12, 31), Calendar = CalendarKind.Persian,
    };

    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "persian-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    // AOV by Solar Hijri month: Dey 1404 (22 Dec 2025 – 20 Jan 2026) one order of 40.00 on its last day;
    // Bahman 1404 (21 Jan – 19 Feb 2026) 80.00 and 50.00 = 65.00; Esfand 1404 (from 20 Feb 2026) 70.00.
    // By Gregorian months the same orders would be January 60.00 and February 60.00: the page must not show those.
    private Task ArrangeOrdersAsync() => ArrangeAsync(async f =>
    {
        await f.CustomerAsync(1, "c1", "retail");
        await f.OrderLineAsync("D30", 1, new DateTime(2026, 1, 20, 12, 0, 0), 1, 40.00m);
        await f.OrderLineAsync("B01", 1, new DateTime(2026, 1, 21, 12, 0, 0), 1, 80.00m);
        await f.OrderLineAsync("B30", 1, new DateTime(2026, 2, 19, 12, 0, 0), 1, 50.00m);
        await f.OrderLineAsync("E01", 1, new DateTime(2026, 2, 20, 12, 0, 0), 1, 70.00m);
    }, settings: Persian);

    [Test]
    public async Task The_scorecard_compares_solar_hijri_months_for_kpis_that_have_them()
    {
        await ArrangeOrdersAsync();

        await using var db = Database.Open();
        var scorecard = await db.GetTable<ScorecardRow>().ToListAsync();
        var aov = scorecard.Single(r => r.KpiCode == "aov");
        Assert.That((aov.PeriodGrain, aov.MonthStart, aov.CurrentValue, aov.PreviousMonthValue, aov.ChangeFromPreviousMonth),
            Is.EqualTo(("persian_month", (DateOnly?)new DateOnly(2026, 2, 20), (double?)70.0, (double?)65.0, (double?)5.0)));
        foreach (var row in scorecard)
        {
            var expected = KpiViewRenderer.Grains(KpiCatalogue.Find(row.KpiCode), Persian).Contains(KpiGrain.PersianMonth) ? "persian_month" : "month";
            Assert.That(row.PeriodGrain, Is.EqualTo(expected), $"{row.KpiCode}: a KPI of monthly snapshots keeps Gregorian months");
        }

        Assert.That(scorecard.Select(r => r.PeriodGrain).Distinct().Order(), Is.EqualTo(new[] { "month", "persian_month" }), "the fixture has KPIs of both kinds");
        var trend = (await db.GetTable<TrendRow>().Where(t => t.KpiCode == "aov").ToListAsync()).OrderBy(t => t.MonthStart).ToList();
        Assert.That(trend.Select(t => (t.MonthStart, t.Value, t.MonthsAgo, t.PeriodGrain)), Is.EqualTo(new[]
        {
            (new DateOnly(2025, 12, 22), (double?)40.0, 2L, "persian_month"),
            (new DateOnly(2026, 1, 21), (double?)65.0, 1L, "persian_month"),
            (new DateOnly(2026, 2, 20), (double?)70.0, 0L, "persian_month"),
        }));
    }

    [TestCase("fa", "اسفند ۱۴۰۴", "بهمن ۱۴۰۴: ۶۵", "۱۴۰۴-۱۰")]
    [TestCase("en", "Esfand 1404", "Bahman 1404: 65", "1404-10")]
    [TestCase("ru", "Эсфанд 1404", "Бахман 1404: 65", "1404-10")]
    public async Task The_executive_page_names_solar_hijri_months(string language, string tileMonth, string tooltip, string oldest)
    {
        await ArrangeOrdersAsync();

        var html = System.Net.WebUtility.HtmlDecode(await DashboardPage.RenderAsync(Database, KpiText.Culture(language), CancellationToken.None));

        var tile = Regex.Match(html, $"<h3[^>]*>{Regex.Escape(KpiText.Name("aov", KpiCatalogue.Find("aov").Name, KpiText.Culture(language)))}</h3><div class=\"month\">([^<]*)</div>");
        Assert.That(tile.Success, Is.True, "the AOV tile is on the page");
        Assert.That(tile.Groups[1].Value, Is.EqualTo(tileMonth));
        var chart = html[tile.Index..html.IndexOf("</svg>", tile.Index, StringComparison.Ordinal)];
        var tooltips = Regex.Matches(chart, "<title>([^<]*)</title>").Select(m => m.Groups[1].Value).ToList();
        Assert.That(tooltips, Does.Contain(tooltip));
        Assert.That(chart, Does.Contain(">" + oldest + "<"), "the chart's oldest month is Dey 1404 in the reader's digits");
        Assert.That(chart, Does.Not.Contain("2026-01").And.Not.Contain("۲۰۲۶"), "no Gregorian month on a Solar Hijri chart");
    }

    [Test]
    public async Task The_workbook_names_solar_hijri_months_and_lays_their_trend_by_them()
    {
        await ArrangeOrdersAsync();

        var path = await ScorecardWorkbook.WriteAsync(Database, folder, new DateOnly(2026, 3, 1), KpiText.Culture("fa"), CancellationToken.None);

        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == KpiText.Area(nameof(KpiArea.Engagement), KpiText.Culture("fa")));
        var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().ToList()).ToList();
        var name = KpiText.Name("aov", KpiCatalogue.Find("aov").Name, KpiText.Culture("fa"));
        var aov = rows.First(r => r.Count > 0 && Text(r[0]) == name);
        Assert.That((Text(aov[1]), aov[2].CellValue!.Text, aov[3].CellValue!.Text), Is.EqualTo(("اسفند ۱۴۰۴", "70", "65")));

        // The aov trend row sits under the Solar Hijri header: 13 months from Esfand 1403 to Esfand 1404.
        var trendRow = rows.FindLastIndex(r => r.Count > 0 && Text(r[0]) == name);
        var header = rows.Take(trendRow).Last(r => r.Count > 0 && Text(r[0]) == KpiText.Label("sheet.trend", KpiText.Culture("fa")));
        var months = new[] { "اسفند ۱۴۰۳", "فروردین ۱۴۰۴", "اردیبهشت ۱۴۰۴", "خرداد ۱۴۰۴", "تیر ۱۴۰۴", "مرداد ۱۴۰۴", "شهریور ۱۴۰۴", "مهر ۱۴۰۴", "آبان ۱۴۰۴", "آذر ۱۴۰۴", "دی ۱۴۰۴", "بهمن ۱۴۰۴", "اسفند ۱۴۰۴" };
        Assert.That(header.Skip(1).Select(Text), Is.EqualTo(months));
        Assert.That(rows[trendRow].Skip(1).Select(c => c.CellValue?.Text), Is.EqualTo(Enumerable.Repeat<string?>(null, 10).Concat(["40", "65", "70"])));
    }

    private static string Text(Cell cell) => cell.InlineString?.Text?.Text ?? cell.CellValue?.Text ?? "";
}
