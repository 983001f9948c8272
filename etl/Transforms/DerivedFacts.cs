namespace Warehouse.Etl.Transforms;

/// <summary>
/// Facts derived from other facts, rebuilt set-based after every source's transform and in the same
/// transaction, so they always agree with what they are made from.
/// </summary>
public static class DerivedFacts
{
    public static IReadOnlyList<TransformStep> Steps { get; } = [new("fact_order_attribution", OrderAttribution)];

    /// <summary>
    /// Revenue of each non-cancelled order credited to one campaign per model: last touch is the campaign
    /// on the order itself (UTM or the source's campaign id); first touch is the customer's earliest
    /// campaign touch (a session or an order) within the lookback window before the order. Both rows carry
    /// the model and the lookback window.
    /// </summary>
    private static IEnumerable<string> OrderAttribution(TransformContext k)
    {
        var lookback = k.Settings.Kpis.AttributionLookbackDays;
        const string orders = """
            SELECT f.order_id, MIN(f.campaign_key) AS campaign_key, MIN(f.order_date_key) AS order_date_key, MIN(f.ordered_at) AS ordered_at,
                   SUM(f.net_amount_reporting) AS revenue, MAX(f.load_id) AS load_id, MIN(c.customer_id) AS customer_id
            FROM dw.fact_order_line f JOIN dw.dim_customer c ON c.customer_key = f.customer_key
            WHERE f.is_cancelled = {0}
            GROUP BY f.order_id
            """;
        var nonCancelled = string.Format(System.Globalization.CultureInfo.InvariantCulture, orders, k.False);
        yield return "DELETE FROM dw.fact_order_attribution";
        yield return $"""
            INSERT INTO dw.fact_order_attribution (order_id, attribution_model, lookback_days, campaign_key, order_date_key, touch_at, attributed_revenue_reporting, load_id)
            SELECT o.order_id, 'last_touch', {lookback}, o.campaign_key, o.order_date_key, o.ordered_at, o.revenue, o.load_id
            FROM ({nonCancelled}) o
            WHERE o.campaign_key <> -1
            """;
        yield return $"""
            INSERT INTO dw.fact_order_attribution (order_id, attribution_model, lookback_days, campaign_key, order_date_key, touch_at, attributed_revenue_reporting, load_id)
            SELECT t.order_id, 'first_touch', {lookback}, t.campaign_key, t.order_date_key, t.touch_at, t.revenue, t.load_id
            FROM (
                SELECT o.order_id, o.order_date_key, o.revenue, o.load_id, tc.campaign_key, tc.touch_at,
                       ROW_NUMBER() OVER (PARTITION BY o.order_id ORDER BY tc.touch_at, tc.campaign_key) AS rn
                FROM ({nonCancelled}) o
                JOIN (
                    SELECT c.customer_id, s.started_at AS touch_at, s.campaign_key
                    FROM dw.fact_web_session s JOIN dw.dim_customer c ON c.customer_key = s.customer_key
                    WHERE s.campaign_key <> -1 AND s.customer_key <> -1
                    UNION ALL
                    SELECT c.customer_id, f.ordered_at, f.campaign_key
                    FROM dw.fact_order_line f JOIN dw.dim_customer c ON c.customer_key = f.customer_key
                    WHERE f.campaign_key <> -1 AND f.customer_key <> -1
                ) tc ON tc.customer_id = o.customer_id AND tc.touch_at <= o.ordered_at AND tc.touch_at >= {k.Dialect.AddHours("o.ordered_at", -24 * lookback)}
                WHERE o.customer_id <> 'Unknown'
            ) t
            WHERE t.rn = 1
            """;
    }
}
