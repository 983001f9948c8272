namespace Warehouse.Etl.Transforms;

/// <summary>
/// Facts derived from other facts, rebuilt set-based after every source's transform and in the same
/// transaction, so they always agree with what they are made from.
/// </summary>
public static class DerivedFacts
{
    public static IReadOnlyList<TransformStep> Steps { get; } =
    [
        new("fact_order_attribution", OrderAttribution),
        new("fact_customer_month", CustomerMonths),
    ];

    /// <summary>
    /// One row per customer and month, dense from the month of their first order to the last month with
    /// any order. Active at a date = an order within the inactivity window before it. A customer is
    /// churned in the month their window runs out without a new order (active at the start, not at the
    /// end); new in the month of their first order, so customers acquired in a month count in neither
    /// the churned nor the active-at-start figures of that month.
    /// </summary>
    private static IEnumerable<string> CustomerMonths(TransformContext k)
    {
        var d = k.Dialect;
        var window = k.Settings.Kpis.ChurnInactivityDays;
        var orders = $"""
            SELECT c.customer_id, dd.full_date AS order_date, f.order_id, f.net_amount_reporting AS revenue, f.load_id
            FROM dw.fact_order_line f
            JOIN dw.dim_customer c ON c.customer_key = f.customer_key
            JOIN dw.dim_date dd ON dd.date_key = f.order_date_key
            WHERE f.is_cancelled = {k.False} AND f.customer_key <> -1
            """;
        var nextMonth = d.AddMonths("cm.month_start", 1);
        // One join of each customer's months with that customer's orders (a few per customer), grouped:
        // no correlated subqueries, so the engine can hash-join it at any size.
        var months = $"""
            SELECT cm.customer_id, cm.month_date_key, cm.month_start, cm.first_month, cm.load_id,
                   MAX(CASE WHEN o.order_date < cm.month_start THEN o.order_date END) AS last_before_start,
                   MAX(CASE WHEN o.order_date < {nextMonth} THEN o.order_date END) AS last_before_end,
                   COUNT(DISTINCT CASE WHEN o.order_date >= cm.month_start AND o.order_date < {nextMonth} THEN o.order_id END) AS orders,
                   SUM(CASE WHEN o.order_date >= cm.month_start AND o.order_date < {nextMonth} THEN o.revenue ELSE 0 END) AS revenue
            FROM (
                SELECT fo.customer_id, fo.first_month, fo.load_id, m.date_key AS month_date_key, m.full_date AS month_start
                FROM (SELECT o.customer_id, MIN(dd.month_start) AS first_month, MAX(o.load_id) AS load_id
                      FROM ({orders}) o JOIN dw.dim_date dd ON dd.full_date = o.order_date GROUP BY o.customer_id) fo
                JOIN dw.dim_date m ON m.day_of_month = 1 AND m.date_key > 0 AND m.full_date >= fo.first_month
                WHERE m.full_date <= (SELECT MAX(dd.month_start) FROM ({orders}) o JOIN dw.dim_date dd ON dd.full_date = o.order_date)
            ) cm
            JOIN ({orders}) o ON o.customer_id = cm.customer_id
            GROUP BY cm.customer_id, cm.month_date_key, cm.month_start, cm.first_month, cm.load_id
            """;
        var activeStart = $"CASE WHEN f.last_before_start >= {d.AddDays("f.month_start", -window)} THEN 1 ELSE 0 END";
        var activeEnd = $"CASE WHEN f.last_before_end >= {d.AddDays(d.AddMonths("f.month_start", 1), -window)} THEN 1 ELSE 0 END";
        yield return "DELETE FROM dw.fact_customer_month";
        yield return $"""
            INSERT INTO dw.fact_customer_month (customer_id, month_date_key, customer_key, month_start, is_active_at_start, is_new, is_churned, is_active_at_end, orders, revenue_reporting, load_id)
            SELECT f.customer_id, f.month_date_key, COALESCE(cur.customer_key, -1), f.month_start,
                   CASE WHEN {activeStart} = 1 THEN {k.True} ELSE {k.False} END,
                   CASE WHEN f.first_month = f.month_start THEN {k.True} ELSE {k.False} END,
                   CASE WHEN {activeStart} = 1 AND {activeEnd} = 0 THEN {k.True} ELSE {k.False} END,
                   CASE WHEN {activeEnd} = 1 THEN {k.True} ELSE {k.False} END,
                   f.orders, f.revenue, f.load_id
            FROM ({months}) f
            LEFT JOIN (SELECT customer_id, MAX(customer_key) AS customer_key FROM dw.dim_customer WHERE is_current = {k.True} GROUP BY customer_id) cur
                ON cur.customer_id = f.customer_id
            """;
    }

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
