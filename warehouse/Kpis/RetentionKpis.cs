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
        AcrossPeriods = "does not add up: a customer ordering in several periods counts in each. Use the row of the grain wanted",
        OnePeriodOnly = true,
        Area = KpiArea.Retention,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_order"],
        Numerator = "COUNT(DISTINCT CASE WHEN order_number >= 2 THEN customer_id END)",
        Denominator = "COUNT(DISTINCT customer_id)",
        Scale = 100,
        Slices = [KpiSlice.Segment, KpiSlice.Region],
        Variant = "Within-period: customers with two or more orders inside the period.",
        Base = _ => """
            SELECT o.order_date_key AS date_key, c.customer_id, c.segment, c.region, o.customer_order_number AS order_number
            FROM dw.fact_order o
            JOIN dw.dim_customer c ON c.customer_key = o.customer_key
            WHERE o.customer_key <> -1
            """,
    };
}
