using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Transforms;

/// <summary>
/// Facts derived from other facts, refreshed set-based after every source's transform so they always
/// agree with what they are made from. <see cref="Steps"/> rebuilds them whole; <see cref="Incremental"/>
/// rebuilds only the customers and orders that the refresh's loads touched (see <see cref="KpiLayerRefresher"/>).
/// </summary>
public static class DerivedFacts
{
    /// <summary>The whole rebuild.</summary>
    public static IReadOnlyList<TransformStep> Steps { get; } =
    [
        new("fact_order", k => Orders(k, null)),
        new("fact_order_attribution", k => OrderAttribution(k, null)),
        new("fact_customer_month", k => CustomerMonths(k, null)),
        new("fact_goal_day", k => GoalDays(k, null)),
    ];

    /// <summary>
    /// The rebuild of what changed: customers with facts or a new dimension version from the loads stamped
    /// <paramref name="refreshedAt"/>, customers whose snapshot no longer adds up to their orders (an order
    /// moved to another customer), and those customers' orders plus the orders of the loads. The snapshot's
    /// last month (<paramref name="horizonMonth"/>, its first day) must be unchanged: a new month extends
    /// every customer and needs the whole rebuild.
    /// </summary>
    public static IReadOnlyList<TransformStep> Incremental(DateTime refreshedAt, DateOnly horizonMonth)
    {
        var scope = new RefreshScope(refreshedAt, horizonMonth);
        return
        [
            new("refresh scope", k => Scope(k, scope)),
            new("fact_order", k => Orders(k, scope)),
            new("fact_order_attribution", k => OrderAttribution(k, scope)),
            new("fact_customer_month", k => CustomerMonths(k, scope)),
            new("fact_goal_day", k => GoalDays(k, scope)),
            new("refresh scope emptied", _ => ["DELETE FROM etl.refresh_order", "DELETE FROM etl.refresh_customer"]),
        ];
    }

    /// <summary>What an incremental refresh covers: the loads stamped <see cref="Stamp"/>; <see cref="LastMonth"/> is the snapshot's unchanged last month.</summary>
    private sealed record RefreshScope(DateTime Stamp, DateOnly LastMonth)
    {
        public string Loads(TransformContext k) => $"SELECT load_id FROM etl.load WHERE refreshed_at = {k.Dialect.Timestamp(Stamp)}";
    }

    /// <summary>" AND column IN (the scope's orders)", or nothing for the whole rebuild.</summary>
    private static string OrdersIn(RefreshScope? scope, string column) =>
        scope is null ? "" : $" AND {column} IN (SELECT order_id FROM etl.refresh_order)";

    /// <summary>" AND column IN (the scope's customers)", or nothing for the whole rebuild.</summary>
    private static string CustomersIn(RefreshScope? scope, string column) =>
        scope is null ? "" : $" AND {column} IN (SELECT customer_id FROM etl.refresh_customer)";

    private static IEnumerable<string> Scope(TransformContext k, RefreshScope scope)
    {
        var loads = scope.Loads(k);
        yield return $"""
            INSERT INTO etl.refresh_customer (customer_id)
            SELECT DISTINCT x.customer_id FROM (
                SELECT c.customer_id FROM dw.fact_order_line f JOIN dw.dim_customer c ON c.customer_key = f.customer_key
                WHERE f.load_id IN ({loads}) AND f.customer_key <> -1
                UNION ALL
                SELECT c.customer_id FROM dw.fact_web_session s JOIN dw.dim_customer c ON c.customer_key = s.customer_key
                WHERE s.load_id IN ({loads}) AND s.customer_key <> -1
                UNION ALL
                SELECT c.customer_id FROM dw.dim_customer c WHERE c.load_id IN ({loads}) AND c.customer_key <> -1
                UNION ALL
                SELECT m.customer_id
                FROM (SELECT customer_id, SUM(orders) AS orders FROM dw.fact_customer_month GROUP BY customer_id) m
                LEFT JOIN (
                    SELECT c.customer_id, COUNT(DISTINCT f.order_id) AS orders
                    FROM dw.fact_order_line f JOIN dw.dim_customer c ON c.customer_key = f.customer_key
                    WHERE f.is_cancelled = {k.False} AND f.is_test = {k.False} AND f.customer_key <> -1
                    GROUP BY c.customer_id
                ) o ON o.customer_id = m.customer_id
                WHERE o.orders IS NULL OR o.orders <> m.orders
            ) x
            """;
        yield return $"""
            INSERT INTO etl.refresh_order (order_id)
            SELECT DISTINCT x.order_id FROM (
                SELECT f.order_id FROM dw.fact_order_line f WHERE f.load_id IN ({loads})
                UNION ALL
                SELECT f.order_id FROM dw.fact_order_line f
                JOIN dw.dim_customer c ON c.customer_key = f.customer_key
                JOIN etl.refresh_customer rc ON rc.customer_id = c.customer_id
            ) x
            """;
    }

    /// <summary>
    /// Every day with sessions × every goal: the day's sessions, those that completed the goal, those that
    /// completed any. Incrementally, the days of the sessions in the refresh's loads are recomputed (a
    /// session is replaced whole, on its own day); a goal seen for the first time needs the whole rebuild.
    /// </summary>
    private static IEnumerable<string> GoalDays(TransformContext k, RefreshScope? scope)
    {
        string Within(string column) => scope is null ? ""
            : $" WHERE {column} IN (SELECT DISTINCT session_date_key FROM dw.fact_web_session WHERE load_id IN ({scope.Loads(k)}))";
        var where = Within("session_date_key");
        yield return $"DELETE FROM dw.fact_goal_day{Within("date_key")}";
        yield return InsertByName.Into<FactGoalDay>($"""
            SELECT s.date_key AS date_key, g.goal_name AS goal_name, s.sessions AS sessions, COALESCE(c.completed, 0) AS completed_sessions, COALESCE(a.any_completed, 0) AS any_goal_sessions, s.load_id AS load_id
            FROM (SELECT session_date_key AS date_key, COUNT(*) AS sessions, MAX(load_id) AS load_id FROM dw.fact_web_session{where} GROUP BY session_date_key) s
            CROSS JOIN (SELECT DISTINCT goal_name FROM dw.fact_session_goal) g
            LEFT JOIN (SELECT session_date_key, goal_name, COUNT(*) AS completed FROM dw.fact_session_goal{where} GROUP BY session_date_key, goal_name) c
                ON c.session_date_key = s.date_key AND c.goal_name = g.goal_name
            LEFT JOIN (SELECT session_date_key, COUNT(DISTINCT session_id) AS any_completed FROM dw.fact_session_goal{where} GROUP BY session_date_key) a
                ON a.session_date_key = s.date_key
            """);
    }

    /// <summary>
    /// One row per order that counts: not cancelled and not a test order (Shopify's order.test), so no KPI
    /// reading dw.fact_order sees test orders. The customer's order number ranks by order time, then id; in the
    /// incremental refresh every order of a customer in scope is in scope, so the ranks stay whole.
    /// </summary>
    private static IEnumerable<string> Orders(TransformContext k, RefreshScope? scope)
    {
        yield return "DELETE FROM dw.fact_order WHERE 1 = 1" + OrdersIn(scope, "order_id");
        yield return InsertByName.Into<FactOrder>($"""
            SELECT o.order_id AS order_id, o.order_date_key AS order_date_key, o.ordered_at AS ordered_at, o.customer_key AS customer_key, o.channel_key AS channel_key, o.campaign_key AS campaign_key, o.line_count AS line_count, o.revenue AS net_amount_reporting,
                   CASE WHEN o.customer_key = -1 THEN NULL ELSE ROW_NUMBER() OVER (PARTITION BY o.customer_id ORDER BY o.ordered_at, o.order_id) END AS customer_order_number,
                   o.source_instance AS source_instance, o.load_id AS load_id
            FROM (
                SELECT f.order_id, MIN(f.order_date_key) AS order_date_key, MIN(f.ordered_at) AS ordered_at, MIN(f.customer_key) AS customer_key,
                       MIN(f.channel_key) AS channel_key, MIN(f.campaign_key) AS campaign_key, COUNT(*) AS line_count,
                       SUM(f.net_amount_reporting) AS revenue, MIN(c.customer_id) AS customer_id, MIN(f.source_instance) AS source_instance, MAX(f.load_id) AS load_id
                FROM dw.fact_order_line f JOIN dw.dim_customer c ON c.customer_key = f.customer_key
                WHERE f.is_cancelled = {k.False} AND f.is_test = {k.False}{OrdersIn(scope, "f.order_id")}
                GROUP BY f.order_id
            ) o
            """);
    }

    /// <summary>
    /// One row per customer and month, dense from the month of their first order to the last month with
    /// any order. Active at a date = an order within the inactivity window before it. A customer is
    /// churned in the month their window runs out without a new order (active at the start, not at the
    /// end); new in the month of their first order, so customers acquired in a month count in neither
    /// the churned nor the active-at-start figures of that month.
    /// </summary>
    private static IEnumerable<string> CustomerMonths(TransformContext k, RefreshScope? scope)
    {
        var d = k.Dialect;
        var window = k.Settings.Kpis.ChurnInactivityDays;
        // dw.fact_order is refreshed first (for the same customers): one row per non-cancelled order.
        var orders = $"""
            SELECT c.customer_id, dd.full_date AS order_date, f.order_id, f.net_amount_reporting AS revenue, f.load_id
            FROM dw.fact_order f
            JOIN dw.dim_customer c ON c.customer_key = f.customer_key
            JOIN dw.dim_date dd ON dd.date_key = f.order_date_key
            WHERE f.customer_key <> -1{CustomersIn(scope, "c.customer_id")}
            """;
        var horizon = scope is not null
            ? $"CAST('{scope.LastMonth:yyyy-MM-dd}' AS DATE)"
            : $"(SELECT MAX(dd.month_start) FROM ({orders}) o JOIN dw.dim_date dd ON dd.full_date = o.order_date)";
        var nextMonth = d.AddMonths("cm.month_start", 1);
        // One join of each customer's months with that customer's orders (a few per customer), grouped:
        // no correlated subqueries, so the engine can hash-join it at any size.
        var months = $"""
            SELECT cm.customer_id, cm.month_date_key, cm.month_start, cm.first_month, cm.load_id,
                   MAX(CASE WHEN o.order_date < cm.month_start THEN o.order_date END) AS last_before_start,
                   MAX(CASE WHEN o.order_date < {nextMonth} THEN o.order_date END) AS last_before_end,
                   COUNT(CASE WHEN o.order_date >= cm.month_start AND o.order_date < {nextMonth} THEN o.order_id END) AS orders,
                   SUM(CASE WHEN o.order_date >= cm.month_start AND o.order_date < {nextMonth} THEN o.revenue ELSE 0 END) AS revenue,
                   SUM(CASE WHEN o.order_date < {nextMonth} THEN o.revenue ELSE 0 END) AS revenue_to_date
            FROM (
                SELECT fo.customer_id, fo.first_month, fo.load_id, m.date_key AS month_date_key, m.full_date AS month_start
                FROM (SELECT o.customer_id, MIN(dd.month_start) AS first_month, MAX(o.load_id) AS load_id
                      FROM ({orders}) o JOIN dw.dim_date dd ON dd.full_date = o.order_date GROUP BY o.customer_id) fo
                JOIN dw.dim_date m ON m.day_of_month = 1 AND m.date_key > 0 AND m.full_date >= fo.first_month
                WHERE m.full_date <= {horizon}
            ) cm
            JOIN ({orders}) o ON o.customer_id = cm.customer_id
            GROUP BY cm.customer_id, cm.month_date_key, cm.month_start, cm.first_month, cm.load_id
            """;
        var activeStart = $"CASE WHEN f.last_before_start >= {d.AddDays("f.month_start", -window)} THEN 1 ELSE 0 END";
        var activeEnd = $"CASE WHEN f.last_before_end >= {d.AddDays(d.AddMonths("f.month_start", 1), -window)} THEN 1 ELSE 0 END";
        yield return "DELETE FROM dw.fact_customer_month WHERE 1 = 1" + CustomersIn(scope, "customer_id");
        yield return InsertByName.Into<FactCustomerMonth>($"""
            SELECT f.customer_id AS customer_id, f.month_date_key AS month_date_key, COALESCE(cur.customer_key, -1) AS customer_key, f.month_start AS month_start,
                   CASE WHEN {activeStart} = 1 THEN {k.True} ELSE {k.False} END AS is_active_at_start,
                   CASE WHEN f.first_month = f.month_start THEN {k.True} ELSE {k.False} END AS is_new,
                   CASE WHEN {activeStart} = 1 AND {activeEnd} = 0 THEN {k.True} ELSE {k.False} END AS is_churned,
                   CASE WHEN {activeEnd} = 1 THEN {k.True} ELSE {k.False} END AS is_active_at_end,
                   f.orders AS orders, f.revenue AS revenue_reporting, f.revenue_to_date AS revenue_to_date_reporting, {window} AS inactivity_days, f.load_id AS load_id
            FROM ({months}) f
            LEFT JOIN (SELECT customer_id, MAX(customer_key) AS customer_key FROM dw.dim_customer WHERE is_current = {k.True} GROUP BY customer_id) cur
                ON cur.customer_id = f.customer_id
            """);
    }

    /// <summary>
    /// Revenue of each non-cancelled order credited to one campaign per model: last touch is the campaign
    /// on the order itself (UTM or the source's campaign id); first touch is the customer's earliest
    /// campaign touch (a session or an order) within the lookback window before the order. Both rows carry
    /// the model and the lookback window.
    /// </summary>
    private static IEnumerable<string> OrderAttribution(TransformContext k, RefreshScope? scope)
    {
        var lookback = k.Settings.Kpis.AttributionLookbackDays;
        var customerInScope = CustomersIn(scope, "c.customer_id");
        // dw.fact_order is refreshed first (for the same orders): one row per non-cancelled order.
        var nonCancelled = $"""
            SELECT f.order_id, f.campaign_key, f.order_date_key, f.ordered_at, f.net_amount_reporting AS revenue, f.source_instance, f.load_id, c.customer_id
            FROM dw.fact_order f JOIN dw.dim_customer c ON c.customer_key = f.customer_key
            WHERE 1 = 1{OrdersIn(scope, "f.order_id")}
            """;
        yield return "DELETE FROM dw.fact_order_attribution WHERE 1 = 1" + OrdersIn(scope, "order_id");
        yield return InsertByName.Into<FactOrderAttribution>($"""
            SELECT o.order_id AS order_id, 'last_touch' AS attribution_model, {lookback} AS lookback_days, o.campaign_key AS campaign_key, o.order_date_key AS order_date_key, o.ordered_at AS touch_at, o.revenue AS attributed_revenue_reporting, o.source_instance AS source_instance, o.load_id AS load_id
            FROM ({nonCancelled}) o
            WHERE o.campaign_key <> -1
            """);
        yield return InsertByName.Into<FactOrderAttribution>($"""
            SELECT t.order_id AS order_id, 'first_touch' AS attribution_model, {lookback} AS lookback_days, t.campaign_key AS campaign_key, t.order_date_key AS order_date_key, t.touch_at AS touch_at, t.revenue AS attributed_revenue_reporting, t.source_instance AS source_instance, t.load_id AS load_id
            FROM (
                SELECT o.order_id, o.order_date_key, o.revenue, o.source_instance, o.load_id, tc.campaign_key, tc.touch_at,
                       ROW_NUMBER() OVER (PARTITION BY o.order_id ORDER BY tc.touch_at, tc.campaign_key) AS rn
                FROM ({nonCancelled}) o
                JOIN (
                    SELECT c.customer_id, s.started_at AS touch_at, s.campaign_key
                    FROM dw.fact_web_session s JOIN dw.dim_customer c ON c.customer_key = s.customer_key
                    WHERE s.campaign_key <> -1 AND s.customer_key <> -1{customerInScope}
                    UNION ALL
                    SELECT c.customer_id, f.ordered_at, f.campaign_key
                    FROM dw.fact_order_line f JOIN dw.dim_customer c ON c.customer_key = f.customer_key
                    WHERE f.campaign_key <> -1 AND f.customer_key <> -1 AND f.is_test = {k.False}{customerInScope}
                ) tc ON tc.customer_id = o.customer_id AND tc.touch_at <= o.ordered_at AND tc.touch_at >= {k.Dialect.AddHours("o.ordered_at", -24 * lookback)}
                WHERE o.customer_id <> 'Unknown'
            ) t
            WHERE t.rn = 1
            """);
    }
}
