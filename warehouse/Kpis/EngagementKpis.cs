namespace Warehouse.Kpis;

/// <summary>Engagement KPIs of the catalogue (see docs/kpis.md for the definitions and their choices).</summary>
internal static class EngagementKpis
{
    public static IEnumerable<KpiDefinition> All => [Aov];

    /// <summary>Non-cancelled orders; net revenue is after discounts and refunds, in the reporting currency.</summary>
    public static readonly KpiDefinition Aov = new()
    {
        Code = "aov",
        Name = "Average order value",
        Description = "Net revenue (after discounts and refunds, reporting currency) / orders.",
        Area = KpiArea.Engagement,
        Unit = KpiUnit.Currency,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_order_line"],
        Numerator = "SUM(net_revenue)",
        Denominator = "COUNT(order_id)",
        Slices = [KpiSlice.Channel, KpiSlice.Segment, KpiSlice.Region, KpiSlice.Campaign],
        Base = k => $"""
            SELECT MIN(f.order_date_key) AS date_key, f.order_id, SUM(f.net_amount_reporting) AS net_revenue,
                   MIN(ch.channel_name) AS channel, MIN(c.segment) AS segment, MIN(c.region) AS region,
                   MIN(cp.campaign_name) AS campaign
            FROM dw.fact_order_line f
            JOIN dw.dim_channel ch ON ch.channel_key = f.channel_key
            JOIN dw.dim_customer c ON c.customer_key = f.customer_key
            JOIN dw.dim_campaign cp ON cp.campaign_key = f.campaign_key
            WHERE f.is_cancelled = {k.False}
            GROUP BY f.order_id
            """,
    };
}
