namespace Warehouse.Kpis;

/// <summary>Engagement KPIs of the catalogue (see docs/kpis.md for the definitions and their choices).</summary>
internal static class EngagementKpis
{
    public static IEnumerable<KpiDefinition> All => [CrmKpis.LeadToOpportunity, CrmKpis.LeadConversion, CrmKpis.WinRate, CrmKpis.SalesCycleDays, CartAbandonment, GoalCompletion, SurveyKpis.Ces, Aov];

    /// <summary>
    /// Checkouts with at least one item created in the period; abandoned when not completed within the
    /// grace window. Checkouts still inside the window and not completed are not counted yet. The checkouts
    /// are Shopify's abandoned ones plus the orders that came from a checkout (see ShopifyTransform), one row
    /// each; those of test orders are left out.
    /// </summary>
    public static readonly KpiDefinition CartAbandonment = new()
    {
        Code = "cart_abandonment",
        Name = "Cart abandonment rate",
        Description = "Checkouts created in the period and not completed within the grace window (default 24 h) / checkouts created in the period.",
        Area = KpiArea.Engagement,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.LowerIsBetter,
        Facts = ["fact_checkout"],
        Numerator = "SUM(abandoned)",
        Denominator = "COUNT(*)",
        Scale = 100,
        Slices = [KpiSlice.Channel, KpiSlice.Segment, KpiSlice.Campaign, KpiSlice.Instance],
        Base = k =>
        {
            var graceEnd = k.Dialect.AddHours("f.created_at", k.Kpis.CartGraceHours);
            return $"""
                SELECT f.created_date_key AS date_key, f.checkout_id,
                       CASE WHEN f.completed_at IS NOT NULL AND f.completed_at <= {graceEnd} THEN 0 ELSE 1 END AS abandoned,
                       ch.channel_name AS channel, c.segment, cp.campaign_name AS campaign, f.source_instance AS instance
                FROM dw.fact_checkout f
                JOIN dw.dim_channel ch ON ch.channel_key = f.channel_key
                JOIN dw.dim_customer c ON c.customer_key = f.customer_key
                JOIN dw.dim_campaign cp ON cp.campaign_key = f.campaign_key
                WHERE f.item_count > 0 AND f.is_test = {k.False}
                  AND NOT (f.completed_at IS NULL AND {graceEnd} > {k.Dialect.UtcNow})
                """;
        },
    };

    /// <summary>
    /// Per goal: sessions that completed it / all sessions; slice "all": sessions that completed any goal.
    /// The rows are the days × goals of dw.fact_goal_day (a session falls on one day, so the counts add up
    /// to weeks and months). Every day has a row per goal, so a group holding several goals (the slice
    /// "all") counts each day's sessions once by dividing by the number of goals.
    /// </summary>
    public static readonly KpiDefinition GoalCompletion = new()
    {
        Code = "goal_completion",
        Name = "Goal completion rate",
        Description = "Sessions that completed the goal (a GA4 key event) / sessions, per goal.",
        AcrossPeriods = "adds up across periods; the goal rows do not add up to the `all` row (sessions that completed any goal)",
        Area = KpiArea.Engagement,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_goal_day"],
        Numerator = "CASE WHEN COUNT(DISTINCT goal) = 1 THEN SUM(completed) ELSE SUM(any_completed) / COUNT(DISTINCT goal) END",
        Denominator = "SUM(sessions) / COUNT(DISTINCT goal)",
        Scale = 100,
        Slices = [KpiSlice.Goal],
        Base = _ => """
            SELECT date_key, goal_name AS goal, sessions, completed_sessions AS completed, any_goal_sessions AS any_completed
            FROM dw.fact_goal_day
            """,
    };

    /// <summary>Non-cancelled orders; net revenue is after discounts and refunds, in the reporting currency.</summary>
    public static readonly KpiDefinition Aov = new()
    {
        Code = "aov",
        Name = "Average order value",
        Description = "Net revenue (after discounts and refunds, reporting currency) / orders.",
        Area = KpiArea.Engagement,
        Unit = KpiUnit.Currency,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_order"],
        Numerator = "SUM(net_revenue)",
        Denominator = "COUNT(order_id)",
        Slices = [KpiSlice.Channel, KpiSlice.Segment, KpiSlice.Region, KpiSlice.Campaign, KpiSlice.Instance],
        Base = _ => """
            SELECT o.order_date_key AS date_key, o.order_id, o.net_amount_reporting AS net_revenue,
                   ch.channel_name AS channel, c.segment, c.region, cp.campaign_name AS campaign, o.source_instance AS instance
            FROM dw.fact_order o
            JOIN dw.dim_channel ch ON ch.channel_key = o.channel_key
            JOIN dw.dim_customer c ON c.customer_key = o.customer_key
            JOIN dw.dim_campaign cp ON cp.campaign_key = o.campaign_key
            """,
    };
}
