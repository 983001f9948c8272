namespace Warehouse.Kpis;

/// <summary>Retention and experience KPIs of the catalogue.</summary>
internal static class RetentionKpis
{
    public static IEnumerable<KpiDefinition> All => [ChurnKpis.ChurnRate, ChurnKpis.RetentionRate, ChurnKpis.Clv, RepeatPurchaseRate, .. HelpdeskKpis.All, SurveyKpis.Nps, SurveyKpis.Csat];

    /// <summary>
    /// Of the customers who ordered in the period, those for whom one of those orders was their
    /// second or later (so: two or more orders by the end of the period). Guest orders are left out.
    /// </summary>
    public static readonly KpiDefinition RepeatPurchaseRate = new()
    {
        Code = "repeat_purchase_rate",
        Name = "Repeat purchase rate",
        Description = "Customers with two or more orders (to date) / customers with at least one order, among customers ordering in the period.",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_order_line"],
        Numerator = "COUNT(DISTINCT CASE WHEN order_number >= 2 THEN customer_id END)",
        Denominator = "COUNT(DISTINCT customer_id)",
        Scale = 100,
        Slices = [KpiSlice.Segment, KpiSlice.Region],
        Variant = "Within-period: customers with two or more orders inside the period.",
        Base = k => $"""
            SELECT o.date_key, o.customer_id, o.segment, o.region,
                   ROW_NUMBER() OVER (PARTITION BY o.customer_id ORDER BY o.ordered_at, o.order_id) AS order_number
            FROM (
                SELECT f.order_id, c.customer_id, MIN(f.order_date_key) AS date_key, MIN(f.ordered_at) AS ordered_at,
                       MIN(c.segment) AS segment, MIN(c.region) AS region
                FROM dw.fact_order_line f
                JOIN dw.dim_customer c ON c.customer_key = f.customer_key
                WHERE f.is_cancelled = {k.False} AND f.customer_key <> -1
                GROUP BY f.order_id, c.customer_id
            ) o
            """,
    };
}
