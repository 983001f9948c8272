using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Kpis;
using Warehouse.Schema;

namespace Warehouse.Views;

/// <summary>
/// The executive views over the KPI layer, at month grain and for the whole business (slice "all"):
/// <list type="bullet">
/// <item><c>exec.kpi_scorecard</c>: one row per KPI for its current month (the latest month with a value):
/// the value, the previous month, the same month a year earlier, the change, the target and levels from
/// dw.kpi_target, and the status (on track, warning, critical; "no target" without levels).</item>
/// <item><c>exec.kpi_trend</c>: one row per KPI and month for the 13 months up to that current month.</item>
/// </list>
/// Months are compared by their index (year × 12 + month), which every engine computes alike. With
/// Warehouse:Calendar = persian, a KPI that has Solar Hijri months is shown by them (its index is the Persian
/// year × 12 + month) and the rest by Gregorian months; <c>period_grain</c> says which a row holds.
/// </summary>
internal static class ScorecardViews
{
    public static IEnumerable<ViewDefinition> Render(SqlDialect d, WarehouseSettings settings)
    {
        var persian = KpiCatalogue.All.Where(k => KpiViewRenderer.Grains(k, settings).Contains(KpiGrain.PersianMonth)).Select(k => d.Literal(k.Code)).ToList();
        var grain = persian.Count == 0 ? "'month'" : $"CASE WHEN v.kpi_code IN ({string.Join(", ", persian)}) THEN 'persian_month' ELSE 'month' END";
        var monthly = persian.Count == 0
            ? $"""
              SELECT v.kpi_code, v.period_start, v.value, dd.year * 12 + dd.month AS month_index, v.grain AS period_grain
              FROM kpi.kpi_value v JOIN dw.dim_date dd ON dd.full_date = v.period_start
              WHERE v.grain = 'month' AND v.slice_name = {d.Literal(KpiSlice.AllCode)}
              """
            : $"""
              SELECT v.kpi_code, v.period_start, v.value,
                     CASE WHEN v.grain = 'persian_month' THEN dd.persian_year * 12 + dd.persian_month ELSE dd.year * 12 + dd.month END AS month_index,
                     v.grain AS period_grain
              FROM kpi.kpi_value v JOIN dw.dim_date dd ON dd.full_date = v.period_start
              WHERE v.grain = {grain} AND v.slice_name = {d.Literal(KpiSlice.AllCode)}
              """;
        var current = "SELECT kpi_code, MAX(month_index) AS month_index FROM monthly WHERE value IS NOT NULL GROUP BY kpi_code";
        string Status(string value) => $"""
            CASE WHEN {value} IS NULL THEN 'no data'
                 WHEN t.warning_level IS NULL AND t.critical_level IS NULL THEN 'no target'
                 WHEN c.direction = 'HigherIsBetter' AND {value} < t.critical_level THEN 'critical'
                 WHEN c.direction = 'LowerIsBetter' AND {value} > t.critical_level THEN 'critical'
                 WHEN c.direction = 'HigherIsBetter' AND {value} < t.warning_level THEN 'warning'
                 WHEN c.direction = 'LowerIsBetter' AND {value} > t.warning_level THEN 'warning'
                 ELSE 'on track' END
            """;
        var target = $"LEFT JOIN dw.kpi_target t ON t.kpi_code = c.kpi_code AND t.slice_name = {d.Literal(KpiSlice.AllCode)} AND t.slice_value = {d.Literal(KpiSlice.AllValue)}";

        yield return new ViewDefinition(Areas.Exec, "kpi_scorecard", $"""
            WITH monthly AS (
            {monthly}
            ),
            latest AS (
            {current}
            ),
            compared AS (
                SELECT m.kpi_code, MAX(CASE WHEN m.month_index = l.month_index THEN m.period_start END) AS month_start,
                       MAX(CASE WHEN m.month_index = l.month_index THEN m.value END) AS current_value,
                       MAX(CASE WHEN m.month_index = l.month_index - 1 THEN m.value END) AS previous_month_value,
                       MAX(CASE WHEN m.month_index = l.month_index - 12 THEN m.value END) AS same_month_last_year_value,
                       MAX(m.period_grain) AS period_grain
                FROM monthly m JOIN latest l ON l.kpi_code = m.kpi_code
                WHERE m.month_index IN (l.month_index, l.month_index - 1, l.month_index - 12)
                GROUP BY m.kpi_code
            )
            SELECT c.area, c.kpi_name, c.unit, x.month_start, x.current_value, x.previous_month_value, x.same_month_last_year_value,
                   x.current_value - x.previous_month_value AS change_from_previous_month,
                   x.current_value - x.same_month_last_year_value AS change_from_last_year,
                   CASE WHEN x.previous_month_value IS NULL THEN 'n/a' WHEN x.current_value > x.previous_month_value THEN 'up'
                        WHEN x.current_value < x.previous_month_value THEN 'down' ELSE 'flat' END AS direction_of_change,
                   CASE WHEN x.previous_month_value IS NULL OR x.current_value = x.previous_month_value THEN 'n/a'
                        WHEN c.direction = 'HigherIsBetter' AND x.current_value > x.previous_month_value THEN 'better'
                        WHEN c.direction = 'LowerIsBetter' AND x.current_value < x.previous_month_value THEN 'better' ELSE 'worse' END AS change_is,
                   t.target_value, t.warning_level, t.critical_level,
                   {Status("x.current_value")} AS status,
                   c.kpi_code, x.period_grain
            FROM compared x JOIN kpi.kpi_catalogue c ON c.kpi_code = x.kpi_code
            {target}
            """);

        yield return new ViewDefinition(Areas.Exec, "kpi_trend", $"""
            WITH monthly AS (
            {monthly}
            ),
            latest AS (
            {current}
            )
            SELECT c.area, c.kpi_name, c.unit, m.period_start AS month_start, m.value,
                   t.target_value, {Status("m.value")} AS status,
                   l.month_index - m.month_index AS months_ago,
                   c.kpi_code, m.period_grain
            FROM monthly m JOIN latest l ON l.kpi_code = m.kpi_code
            JOIN kpi.kpi_catalogue c ON c.kpi_code = m.kpi_code
            {target}
            WHERE m.month_index BETWEEN l.month_index - 12 AND l.month_index
            """);
    }
}
