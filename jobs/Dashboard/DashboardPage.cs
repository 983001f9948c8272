using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Jobs.Feed;
using Warehouse.Kpis;
using Warehouse.Kpis.Text;

namespace Warehouse.Jobs.Dashboard;

/// <summary>
/// The executive dashboard (<c>/exec</c>): a tile per KPI (current month's value, change from the previous
/// month, status colour) and its 13-month trend as an inline SVG chart, grouped by area. Rendered on the
/// server from exec.kpi_scorecard and exec.kpi_trend: no script, nothing fetched from elsewhere.
/// </summary>
public static class DashboardPage
{
    private const int ChartWidth = 240;
    private const int ChartHeight = 70;

    public static Task<string> RenderAsync(WarehouseDatabase database, CancellationToken ct) => RenderAsync(database, KpiText.Culture("en"), ct);

    /// <summary>The page in the language of <paramref name="culture"/>: its texts, numbers and, for Persian, right to left.</summary>
    public static async Task<string> RenderAsync(WarehouseDatabase database, CultureInfo culture, CancellationToken ct)
    {
        await using var db = database.Open();
        var scorecard = await db.GetTable<ScorecardRow>().ToListAsync(ct);
        var trends = (await db.GetTable<TrendRow>().ToListAsync(ct)).ToLookup(t => t.KpiCode);
        var e = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"{culture.TwoLetterISOLanguageName}\" dir=\"{(KpiText.IsRightToLeft(culture) ? "rtl" : "ltr")}\">");
        html.Append(CultureInfo.InvariantCulture, $"<head><meta charset=\"utf-8\"><title>{e.Encode(KpiText.Label("page.title", culture))}</title>\n");
        html.Append("""
            <style>
            body { font-family: system-ui, sans-serif; margin: 24px; background: #fafafa; color: #212121; }
            h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
            .tiles { display: flex; flex-wrap: wrap; gap: 12px; }
            .tile { background: #fff; border-radius: 6px; border-inline-start: 8px solid #9e9e9e; padding: 10px 14px; width: 260px; box-shadow: 0 1px 2px #0002; }
            .tile h3 { font-size: 13px; margin: 0 0 4px; font-weight: 600; } .tile .month { font-size: 11px; color: #757575; }
            .tile .value { font-size: 26px; font-weight: 700; } .tile .change { font-size: 12px; color: #616161; }
            .tile .status { font-size: 11px; text-transform: uppercase; font-weight: 700; }
            svg .line { fill: none; stroke: #1565c0; stroke-width: 2; } svg .target { stroke: #616161; stroke-dasharray: 4 3; }
            svg text { font-size: 9px; fill: #757575; }
            </style></head><body>

            """);
        html.Append(CultureInfo.InvariantCulture, $"<h1>{e.Encode(KpiText.Label("page.heading", culture))}</h1>\n");
        html.Append(DataTrust(await db.GetTable<SourceStatusRow>().ToListAsync(ct), culture));
        foreach (var area in Enum.GetNames<KpiArea>())
        {
            var tiles = scorecard.Where(r => r.Area == area).Select(r => (Row: r, Name: KpiText.Name(r.KpiCode, r.KpiName, culture)))
                .OrderBy(t => t.Name, StringComparer.Create(culture, ignoreCase: false)).ToList();
            if (tiles.Count == 0) continue;
            html.Append(CultureInfo.InvariantCulture, $"<section data-area=\"{area}\"><h2>{e.Encode(KpiText.Area(area, culture))}</h2><div class=\"tiles\">\n");
            foreach (var (row, name) in tiles) Tile(html, row, name, trends[row.KpiCode].OrderBy(t => t.MonthStart).ToList(), culture);
            html.Append("</div></section>\n");
        }

        if (scorecard.Count == 0) html.Append(CultureInfo.InvariantCulture, $"<p>{e.Encode(KpiText.Label("page.empty", culture))}</p>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The data-trust line: whether every source agrees with its own counts (exec.source_status), naming those that do
    /// not, so that nobody reads a figure from a source that lost records as if it were whole.
    /// </summary>
    private static string DataTrust(List<SourceStatusRow> sources, CultureInfo culture)
    {
        var e = HtmlEncoder.Default;
        var failing = sources.Where(s => s.ReconciliationStatus == "not reconciled").Select(s => s.Source).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var (state, text) = failing.Count > 0
            ? ("not-reconciled", string.Format(culture, KpiText.Label("trust.notReconciled", culture), string.Join(", ", failing)))
            : sources.Any(s => s.ReconciliationStatus == "reconciled") ? ("reconciled", KpiText.Label("trust.reconciled", culture)) : ("not-checked", KpiText.Label("trust.notChecked", culture));
        var colour = failing.Count > 0 ? "c62828" : "616161";
        return $"<p class=\"trust\" data-trust=\"{state}\" style=\"color:#{colour}\">{e.Encode(text)}</p>\n";
    }

    private static void Tile(StringBuilder html, ScorecardRow row, string name, List<TrendRow> trend, CultureInfo culture)
    {
        var e = HtmlEncoder.Default;
        var colour = KpiFormat.StatusColour(row.Status);
        var arrow = row.DirectionOfChange switch { "up" => "▲", "down" => "▼", _ => "■" };
        var change = row.ChangeFromPreviousMonth is { } c
            ? $"{arrow} {KpiFormat.ChangeIn(culture, c, row.Unit)} {KpiText.Label("page.versus", culture)} ({KpiText.Label("change." + row.ChangeIs, culture)})"
            : KpiText.Label("page.noPrevious", culture);
        var month = row.MonthStart is { } m ? KpiText.Period(m, row.PeriodGrain, culture) : "";
        html.Append(CultureInfo.InvariantCulture, $"""
            <div class="tile" data-kpi="{e.Encode(row.KpiCode)}" data-status="{e.Encode(row.Status)}" style="border-inline-start-color:#{colour}">
            <h3 title="{e.Encode(Description(row.KpiCode, culture))}">{e.Encode(name)}</h3><div class="month">{e.Encode(month)}</div>
            <div class="value" data-value="{row.CurrentValue?.ToString("R", CultureInfo.InvariantCulture)}">{e.Encode(KpiFormat.ValueIn(culture, row.CurrentValue, row.Unit))}</div>
            <div class="change">{e.Encode(change)}</div>
            <div class="status" style="color:#{colour}">{e.Encode(KpiText.Status(row.Status, culture))}</div>
            {Chart(trend, row.TargetValue, culture)}
            </div>

            """);
    }

    /// <summary>
    /// The 13 months as a line, the target as a dashed line, the first and last month named. Time runs in the
    /// reader's direction: left to right, or right to left on a right-to-left page (the newest month at the left).
    /// </summary>
    private static string Chart(List<TrendRow> trend, double? target, CultureInfo culture)
    {
        var rtl = KpiText.IsRightToLeft(culture);
        var points = trend.Where(t => t.Value is not null).ToList();
        if (points.Count == 0) return "";
        var values = points.Select(p => p.Value!.Value).Concat(target is { } t ? [t] : []).ToList();
        double min = values.Min(), max = values.Max();
        if (max - min < 1e-9) { min -= 1; max += 1; }
        string X(long monthsAgo) => ((rtl ? monthsAgo : 12 - monthsAgo) * (ChartWidth - 10) / 12.0 + 5).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(double v) => (ChartHeight - 14 - (v - min) / (max - min) * (ChartHeight - 22)).ToString("0.#", CultureInfo.InvariantCulture);
        var line = string.Join(' ', points.Select(p => $"{X(p.MonthsAgo)},{Y(p.Value!.Value)}"));
        var svg = new StringBuilder();
        var label = HtmlEncoder.Default.Encode(KpiText.Label("page.trend", culture));
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"trend\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" role=\"img\" aria-label=\"{label}\" data-time-runs=\"{(rtl ? "rtl" : "ltr")}\">");
        if (target is { } goal) svg.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" x1=\"5\" x2=\"{ChartWidth - 5}\" y1=\"{Y(goal)}\" y2=\"{Y(goal)}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"line\" points=\"{line}\"/>");
        foreach (var p in points) svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.MonthsAgo)}\" cy=\"{Y(p.Value!.Value)}\" r=\"2.5\" fill=\"#1565c0\"><title>{Tooltip(p, culture)}</title></circle>");
        // An SVG's x runs left to right on any page: the month named at the left is the oldest, or on a
        // right-to-left page the newest.
        var (left, right) = rtl ? (points[^1], points[0]) : (points[0], points[^1]);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"5\" y=\"{ChartHeight - 2}\" direction=\"ltr\" text-anchor=\"start\">{ShortMonth(left, culture)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{ChartWidth - 5}\" y=\"{ChartHeight - 2}\" direction=\"ltr\" text-anchor=\"end\">{ShortMonth(right, culture)}</text></svg>");
        return svg.ToString();
    }

    /// <summary>The KPI's definition in the reader's language, shown when the pointer rests on its name.</summary>
    private static string Description(string code, CultureInfo culture) =>
        KpiCatalogue.All.FirstOrDefault(k => k.Code == code) is { } kpi ? KpiText.Description(code, kpi.Description, culture) : "";

    /// <summary>A point's month and value in the reader's language and digits ("March 2026: 41.5", "مارس ۲۰۲۶: ۴۱٫۵").</summary>
    private static string Tooltip(TrendRow point, CultureInfo culture) =>
        HtmlEncoder.Default.Encode(KpiText.Period(point.MonthStart, point.PeriodGrain, culture) + ": " + KpiText.Digits(point.Value!.Value.ToString("0.##", culture), culture));

    private static string ShortMonth(TrendRow point, CultureInfo culture) =>
        HtmlEncoder.Default.Encode(KpiText.ShortPeriod(point.MonthStart, point.PeriodGrain, culture));
}
