using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Warehouse.Engines;
using Warehouse.Jobs.Dashboard;
using Warehouse.Jobs.Export;
using Warehouse.Kpis;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Jobs;

/// <summary>The scorecard workbook, written and read back with the Open XML SDK.</summary>
public sealed class ScorecardWorkbookTests(EngineKind engine) : KpiTestBase(engine)
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "xlsx-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task The_workbook_has_a_sheet_per_area_with_the_scorecard_values_status_colours_and_trend()
    {
        // AOV: January 2026 one order of 80.00; February 2026 orders of 30.00 and 50.00 = 40.00 (critical below 50).
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            await f.OrderLineAsync("J", 1, new DateTime(2026, 1, 10, 9, 0, 0), 1, 80.00m);
            await f.OrderLineAsync("F1", 1, new DateTime(2026, 2, 3, 9, 0, 0), 1, 30.00m);
            await f.OrderLineAsync("F2", 1, new DateTime(2026, 2, 4, 9, 0, 0), 1, 50.00m);
        });
        await KpiTargets.SaveAsync(Database, [new KpiThreshold { Kpi = "aov", Target = 100, Warning = 70, Critical = 50 }]);

        var path = await ScorecardWorkbook.WriteAsync(Database, folder, new DateOnly(2026, 3, 1), CancellationToken.None);

        Assert.That(Path.GetFileName(path), Is.EqualTo("kpi-scorecard-2026-03-01.xlsx"));
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.That(sheets.Select(s => s.Name!.Value), Is.EqualTo(Enum.GetNames<KpiArea>()));

        var engagement = (WorksheetPart)workbook.GetPartById(sheets.Single(s => s.Name == "Engagement").Id!);
        var rows = engagement.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().ToList()).ToList();
        Assert.That(rows[0].Select(Text), Is.EqualTo(new[] { "KPI", "Month", "Current", "Previous month", "Same month last year", "Change", "Target", "Status" }));
        var aov = rows.First(r => r.Count > 0 && Text(r[0]) == KpiCatalogue.Find("aov").Name);
        Assert.Multiple(() =>
        {
            Assert.That(Text(aov[1]), Is.EqualTo("2026-02"));
            Assert.That(double.Parse(aov[2].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(40.0));
            Assert.That(double.Parse(aov[3].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(80.0));
            Assert.That(aov[4].CellValue, Is.Null, "no order a year earlier");
            Assert.That(double.Parse(aov[5].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(-40.0));
            Assert.That(double.Parse(aov[6].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(100.0));
            Assert.That(Text(aov[7]), Is.EqualTo("critical"));
        });

        // The status cell is filled red, and the value cells carry the currency number format.
        var stylesheet = workbook.WorkbookStylesPart!.Stylesheet;
        var formats = stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var fill = stylesheet.Fills!.Elements<Fill>().ElementAt((int)formats[(int)aov[7].StyleIndex!.Value].FillId!.Value);
        Assert.That(fill.PatternFill!.ForegroundColor!.Rgb!.Value, Is.EqualTo("FF" + KpiFormat.StatusColour("critical")));
        Assert.That(workbook.WorksheetParts.Select(p => p.Worksheet.GetFirstChild<SheetViews>()?.GetFirstChild<SheetView>()?.RightToLeft?.Value ?? false), Has.All.False, "English reads left to right");
        var numberFormatId = formats[(int)aov[2].StyleIndex!.Value].NumberFormatId!.Value;
        Assert.That(stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single(n => n.NumberFormatId!.Value == numberFormatId).FormatCode!.Value, Is.EqualTo("#,##0.00"));

        // The trend: 13 months ending February 2026, AOV in its last two.
        var header = rows.First(r => r.Count > 0 && Text(r[0]) == "Trend (13 months)");
        Assert.That(header.Skip(1).Select(Text), Is.EqualTo(Enumerable.Range(0, 13).Select(i => new DateOnly(2025, 2, 1).AddMonths(i).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))));
        var trend = rows.Last(r => r.Count > 0 && Text(r[0]) == KpiCatalogue.Find("aov").Name);
        Assert.That(trend.Skip(1).Select(c => c.CellValue?.Text), Is.EqualTo(Enumerable.Repeat<string?>(null, 11).Concat(["80", "40"])));
    }

    [Test]
    public async Task The_workbook_in_persian_names_its_sheets_headers_kpis_and_statuses_in_persian()
    {
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            await f.OrderLineAsync("F1", 1, new DateTime(2026, 2, 3, 9, 0, 0), 1, 30.00m);
        });
        await KpiTargets.SaveAsync(Database, [new KpiThreshold { Kpi = "aov", Target = 100, Warning = 70, Critical = 50 }]);

        var path = await ScorecardWorkbook.WriteAsync(Database, folder, new DateOnly(2026, 3, 1), Warehouse.Kpis.Text.KpiText.Culture("fa"), CancellationToken.None);

        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.That(sheets.Select(s => s.Name!.Value), Is.EqualTo(new[] { "جذب", "تعامل", "نگهداشت", "محصول", "کارکنان" }));
        var engagement = (WorksheetPart)workbook.GetPartById(sheets.Single(s => s.Name == "تعامل").Id!);
        var rows = engagement.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().ToList()).ToList();
        Assert.That(rows[0].Select(Text), Is.EqualTo(new[] { "شاخص", "ماه", "فعلی", "ماه قبل", "همان ماه سال قبل", "تغییر", "هدف", "وضعیت" }));
        var aov = rows.First(r => r.Count > 0 && Text(r[0]) == "میانگین ارزش سفارش");
        Assert.That((Text(aov[1]), aov[2].CellValue!.Text, Text(aov[7])), Is.EqualTo(("فوریه ۲۰۲۶", "30", "بحرانی")), "the month reads in Persian with Persian digits, the value stays a number");
        foreach (var sheet in sheets)
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            Assert.That(part.Worksheet.GetFirstChild<SheetViews>()?.GetFirstChild<SheetView>()?.RightToLeft?.Value, Is.True, $"{sheet.Name} reads right to left");
        }

        var stylesheet = workbook.WorkbookStylesPart!.Stylesheet;
        var codes = stylesheet.NumberingFormats!.Elements<NumberingFormat>().Select(n => n.FormatCode!.Value!).ToList();
        Assert.That(codes, Does.Contain("0.0\" ساعت\"").And.Contain("0\" دقیقه\"").And.Contain("0.0\" روز\""), "units in Persian");
        Assert.That(codes, Has.None.Contain("\" h\"").And.None.Contain("\" min\"").And.None.Contain("\" d\""));
    }

    private static string Text(Cell cell) => cell.InlineString?.Text?.Text ?? cell.CellValue?.Text ?? "";
}
