using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Jobs.Dashboard;
using Warehouse.Jobs.Feed;
using Warehouse.Kpis;
using Warehouse.Kpis.Text;

namespace Warehouse.Jobs.Export;

/// <summary>
/// The executive scorecard and trends as an .xlsx workbook (Open XML SDK): one sheet per area with the
/// scorecard (current month, previous month, same month last year, change, target, status coloured
/// green / amber / red) and below it the 13-month trend, numbers formatted by the KPI's unit.
/// </summary>
public static class ScorecardWorkbook
{
    private static readonly string[] Units = Enum.GetNames<KpiUnit>();
    private static readonly string[] Statuses = ["on track", "warning", "critical", "no target", "no data"];
    private static readonly string[] ScorecardHeader = ["sheet.kpi", "sheet.month", "sheet.current", "sheet.previous", "sheet.lastYear", "sheet.change", "sheet.target", "sheet.status"];

    public static string FileName(DateOnly day) => $"kpi-scorecard-{day:yyyy-MM-dd}.xlsx";

    public static Task<string> WriteAsync(WarehouseDatabase database, string folder, DateOnly day, CancellationToken ct) =>
        WriteAsync(database, folder, day, KpiText.Culture("en"), ct);

    /// <summary>The workbook with its sheet names, headers, KPI names and statuses in the language of <paramref name="culture"/>.</summary>
    public static async Task<string> WriteAsync(WarehouseDatabase database, string folder, DateOnly day, CultureInfo culture, CancellationToken ct)
    {
        await using var db = database.Open();
        var scorecard = await db.GetTable<ScorecardRow>().ToListAsync(ct);
        var trends = (await db.GetTable<TrendRow>().ToListAsync(ct)).ToLookup(t => t.KpiCode);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName(day));
        var partial = path + ".part";
        using (var document = SpreadsheetDocument.Create(partial, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet(culture);
            uint sheetId = 1;
            foreach (var area in Enum.GetNames<KpiArea>())
            {
                var rows = scorecard.Where(r => r.Area == area).OrderBy(r => KpiText.Name(r.KpiCode, r.KpiName, culture), StringComparer.Create(culture, ignoreCase: false)).ToList();
                var sheetPart = workbook.AddNewPart<WorksheetPart>();
                // A right-to-left language reads its sheets from the right (the sheet view's rightToLeft), as Excel shows Persian.
                sheetPart.Worksheet = new Worksheet(
                    new SheetViews(new SheetView { WorkbookViewId = 0, RightToLeft = KpiText.IsRightToLeft(culture) ? true : null }), Columns(), Sheet(rows, trends, culture));
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = sheetId++, Name = KpiText.Area(area, culture) });
            }
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

    private static SheetData Sheet(List<ScorecardRow> rows, ILookup<string, TrendRow> trends, CultureInfo culture)
    {
        var data = new SheetData();
        data.Append(Row(ScorecardHeader.Select(h => Text(KpiText.Label(h, culture), HeaderStyle))));
        foreach (var r in rows)
        {
            var unit = UnitStyle(r.Unit);
            data.Append(Row([
                Text(KpiText.Name(r.KpiCode, r.KpiName, culture)), Text(r.MonthStart is { } month ? MonthLabel(month, r.PeriodGrain, culture) : ""), Number(r.CurrentValue, unit),
                Number(r.PreviousMonthValue, unit), Number(r.SameMonthLastYearValue, unit), Number(r.ChangeFromPreviousMonth, unit),
                Number(r.TargetValue, unit), Text(KpiText.Status(r.Status, culture), StatusStyle(r.Status)),
            ]));
        }

        // One trend block per kind of month: Gregorian, and Solar Hijri for the KPIs that have it under Warehouse:Calendar = persian.
        foreach (var block in rows.GroupBy(r => r.PeriodGrain).OrderBy(g => g.Key))
        {
            var grain = block.Key;
            var last = block.Max(r => r.MonthStart) ?? DateOnly.FromDateTime(DateTime.UtcNow);
            var months = Enumerable.Range(0, 13).Select(i => grain == "persian_month" ? KpiText.AddPersianMonths(last, i - 12) : last.AddMonths(i - 12)).ToList();
            data.Append(Row([]));
            data.Append(Row([Text(KpiText.Label("sheet.trend", culture), HeaderStyle), .. months.Select(m => Text(MonthLabel(m, grain, culture), HeaderStyle))]));
            foreach (var r in block)
            {
                var byMonth = trends[r.KpiCode].ToDictionary(t => t.MonthStart);
                data.Append(Row([Text(KpiText.Name(r.KpiCode, r.KpiName, culture)), .. months.Select(m => Number(byMonth.GetValueOrDefault(m)?.Value, UnitStyle(r.Unit)))]));
            }
        }

        return data;
    }

    /// <summary>
    /// A month as the reader writes it: 2026-02 in English, the month's name and year with the language's digits
    /// otherwise (فوریه ۲۰۲۶); a Solar Hijri month by its own name (Mehr 1405, مهر ۱۴۰۵).
    /// </summary>
    private static string MonthLabel(DateOnly month, string grain, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" && grain != "persian_month" ? month.ToString("yyyy-MM", CultureInfo.InvariantCulture) : KpiText.Period(month, grain, culture);

    private static Row Row(IEnumerable<Cell> cells) => new(cells);

    private static Cell Text(string value, uint style = 0) =>
        new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)), StyleIndex = style };

    private static Cell Number(double? value, uint style) => value is null
        ? new Cell { StyleIndex = style }
        : new Cell { DataType = CellValues.Number, CellValue = new CellValue(value.Value), StyleIndex = style };

    private static Columns Columns() => new(
        new Column { Min = 1, Max = 1, Width = 34, CustomWidth = true },
        new Column { Min = 2, Max = 14, Width = 14, CustomWidth = true });

    // Style indexes: 0 plain, 1 header, 2.. one per unit, then one per status.
    private const uint HeaderStyle = 1;

    private static uint UnitStyle(string unit) => 2 + (uint)Array.IndexOf(Units, unit);

    public static uint StatusStyle(string status) => 2 + (uint)Units.Length + (uint)Math.Max(0, Array.IndexOf(Statuses, status));

    private static Stylesheet Stylesheet(CultureInfo culture)
    {
        var formats = new NumberingFormats(Units.Select((u, i) => new NumberingFormat { NumberFormatId = 164 + (uint)i, FormatCode = KpiFormat.ExcelFormat(u, culture) }));
        var fonts = new Fonts(new Font(), new Font(new Bold()), new Font(new Bold(), new Color { Rgb = "FFFFFFFF" }));
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE0E0E0" }) { PatternType = PatternValues.Solid }));
        fills.Append(Statuses.Select(s => new Fill(new PatternFill(new ForegroundColor { Rgb = "FF" + KpiFormat.StatusColour(s) }) { PatternType = PatternValues.Solid })));
        var cellFormats = new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true });
        cellFormats.Append(Units.Select((_, i) => new CellFormat { NumberFormatId = 164 + (uint)i, ApplyNumberFormat = true }));
        cellFormats.Append(Statuses.Select((_, i) => new CellFormat { FontId = 2, FillId = 3 + (uint)i, ApplyFont = true, ApplyFill = true }));
        return new Stylesheet(formats, fonts, fills, new Borders(new Border()), new CellStyleFormats(new CellFormat()), cellFormats);
    }
}
