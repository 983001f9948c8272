using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Schema;

namespace Warehouse.Views;

/// <summary>
/// The BI layer: every dimension and fact of <c>dw</c> as a view in <c>bi</c> under a friendly, stable name
/// (dim_customer → bi.customer, fact_order_line → bi.order_line, dim_date → bi.calendar), with the same
/// key columns so the relationships of the star hold in Power BI and Excel, and without load bookkeeping.
/// Plus <c>bi.customer_360</c>: one row per customer with lifetime value, orders, last order, latest NPS
/// answer, CSAT, open tickets and churn state.
/// </summary>
internal static class BiViews
{
    /// <summary>Tables that only serve the transforms.</summary>
    private static readonly HashSet<string> Internal = ["business_interval", "campaign_source_map", "customer_source_map", "support_group"];

    private static readonly HashSet<string> Bookkeeping = ["load_id", "email_hash"];

    public static string FriendlyName(string table) => table switch
    {
        "dim_date" => "calendar",
        _ when table.StartsWith("dim_", StringComparison.Ordinal) => table[4..],
        _ when table.StartsWith("fact_", StringComparison.Ordinal) => table[5..],
        _ => table,
    };

    /// <summary>The dw tables that have a bi view, in creation order.</summary>
    public static IEnumerable<TableShape> Tables => TableShape.All.Where(t => t.Schema == Areas.Dw && !Internal.Contains(t.Name));

    /// <summary>The columns of a table's bi view.</summary>
    public static IEnumerable<LinqToDB.Mapping.ColumnDescriptor> Columns(TableShape table) => table.Columns.Where(c => !Bookkeeping.Contains(c.ColumnName));

    public static IEnumerable<ViewDefinition> Render(SqlDialect d)
    {
        foreach (var table in Tables)
        {
            var columns = string.Join(", ", Columns(table).Select(c => d.Quote(c.ColumnName)));
            yield return new ViewDefinition(Areas.Bi, FriendlyName(table.Name), $"SELECT {columns} FROM {d.QualifiedName(table.Schema, table.Name)}");
        }

        yield return new ViewDefinition(Areas.Bi, "customer_360", Customer360(d));
    }

    // Integer sums are cast to BIGINT: DuckDB would type them HUGEINT, which BI drivers do not read.
    private static string Customer360(SqlDialect d) => $"""
        SELECT c.customer_id, c.customer_name, c.email, c.segment, c.region, c.country, c.first_seen_at, c.source_system,
               COALESCE(m.lifetime_value, 0) AS lifetime_value, COALESCE(m.orders, 0) AS orders, o.last_order_at,
               n.score AS latest_nps_score, n.submitted_at AS latest_nps_at,
               CASE WHEN n.score IS NULL THEN NULL WHEN n.score >= 9 THEN 'promoter' WHEN n.score >= 7 THEN 'passive' ELSE 'detractor' END AS latest_nps_group,
               COALESCE(s.csat_answers, 0) AS csat_answers,
               CASE WHEN s.csat_answers > 0 THEN s.csat_satisfied * 100.0 / s.csat_answers END AS csat_percent,
               COALESCE(t.open_tickets, 0) AS open_tickets, COALESCE(t.tickets, 0) AS tickets,
               CASE WHEN lm.customer_id IS NULL THEN 'no purchase' WHEN lm.is_active_at_end = {d.True} THEN 'active' ELSE 'churned' END AS churn_state
        FROM dw.dim_customer c
        LEFT JOIN (SELECT customer_id, SUM(revenue_reporting) AS lifetime_value, CAST(SUM(orders) AS BIGINT) AS orders
                   FROM dw.fact_customer_month GROUP BY customer_id) m ON m.customer_id = c.customer_id
        LEFT JOIN (SELECT cm.customer_id, cm.is_active_at_end,
                          ROW_NUMBER() OVER (PARTITION BY cm.customer_id ORDER BY cm.month_start DESC) AS newest
                   FROM dw.fact_customer_month cm) lm ON lm.customer_id = c.customer_id AND lm.newest = 1
        LEFT JOIN (SELECT v.customer_id, MAX(f.ordered_at) AS last_order_at
                   FROM dw.fact_order_line f JOIN dw.dim_customer v ON v.customer_key = f.customer_key
                   WHERE f.is_cancelled = {d.False} AND f.is_test = {d.False} GROUP BY v.customer_id) o ON o.customer_id = c.customer_id
        LEFT JOIN (SELECT v.customer_id, f.score, f.submitted_at,
                          ROW_NUMBER() OVER (PARTITION BY v.customer_id ORDER BY f.submitted_at DESC, f.response_id DESC) AS newest
                   FROM dw.fact_survey_response f JOIN dw.dim_survey sv ON sv.survey_key = f.survey_key
                   JOIN dw.dim_customer v ON v.customer_key = f.customer_key
                   WHERE sv.survey_type = 'NPS' AND sv.scale_min = 0 AND sv.scale_max = 10 AND f.score IS NOT NULL) n ON n.customer_id = c.customer_id AND n.newest = 1
        LEFT JOIN (SELECT a.customer_id, COUNT(*) AS csat_answers, CAST(SUM(a.satisfied) AS BIGINT) AS csat_satisfied
                   FROM (SELECT v.customer_id, CASE WHEN f.score >= sv.scale_max - 1 THEN 1 ELSE 0 END AS satisfied
                         FROM dw.fact_survey_response f JOIN dw.dim_survey sv ON sv.survey_key = f.survey_key
                         JOIN dw.dim_customer v ON v.customer_key = f.customer_key
                         WHERE sv.survey_type = 'CSAT' AND f.score IS NOT NULL
                         UNION ALL
                         SELECT v.customer_id, {Kpis.SurveyKpis.RatingSatisfied}
                         FROM dw.fact_satisfaction_rating r JOIN dw.dim_customer v ON v.customer_key = r.customer_key
                         WHERE {Kpis.SurveyKpis.RatingAnswered}
                           AND NOT EXISTS (SELECT 1 FROM dw.fact_ticket x WHERE x.ticket_id = r.ticket_id AND (x.is_deleted = {d.True} OR x.is_merged = {d.True}))) a
                   GROUP BY a.customer_id) s ON s.customer_id = c.customer_id
        LEFT JOIN (SELECT v.customer_id, COUNT(*) AS tickets,
                          CAST(SUM(CASE WHEN f.last_solved_at IS NULL AND f.closed_at IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS open_tickets
                   FROM dw.fact_ticket f JOIN dw.dim_customer v ON v.customer_key = f.customer_key
                   WHERE f.is_deleted = {d.False} AND f.is_merged = {d.False} GROUP BY v.customer_id) t ON t.customer_id = c.customer_id
        WHERE c.is_current = {d.True} AND c.customer_key > 0
        """;
}
