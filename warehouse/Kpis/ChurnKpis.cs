namespace Warehouse.Kpis;

/// <summary>Churn, retention and acquisition rates over the dense customer-month snapshot (month grain).</summary>
internal static class ChurnKpis
{
    private static string Months(KpiContext k) => $"""
        SELECT m.month_date_key AS date_key, m.customer_id,
               CASE WHEN m.is_active_at_start = {k.True} THEN 1 ELSE 0 END AS active_start,
               CASE WHEN m.is_churned = {k.True} THEN 1 ELSE 0 END AS churned,
               CASE WHEN m.is_new = {k.True} THEN 1 ELSE 0 END AS is_new,
               c.segment, c.region
        FROM dw.fact_customer_month m
        JOIN dw.dim_customer c ON c.customer_key = m.customer_key
        """;

    public static readonly KpiDefinition ChurnRate = new()
    {
        Code = "churn_rate",
        Name = "Churn rate",
        Description = "Customers lost during the month / customers active at its start; a shop customer is lost when no order was placed for the inactivity window (default 180 days).",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.LowerIsBetter,
        Facts = ["fact_customer_month"],
        Numerator = "SUM(churned)",
        Denominator = "SUM(active_start)",
        Scale = 100,
        Grains = [KpiGrain.Month],
        Slices = [KpiSlice.Segment, KpiSlice.Region],
        Variant = "Subscription customers are lost when their subscription ends (no subscription source yet).",
        Base = Months,
    };

    public static readonly KpiDefinition RetentionRate = new()
    {
        Code = "retention_rate",
        Name = "Retention rate",
        Description = "1 − churn rate, from the same counts: customers active at the start of the month and not lost during it / customers active at its start.",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_customer_month"],
        Numerator = "SUM(active_start) - SUM(churned)",
        Denominator = "SUM(active_start)",
        Scale = 100,
        Grains = [KpiGrain.Month],
        Slices = [KpiSlice.Segment, KpiSlice.Region],
        Base = Months,
    };

    public static readonly KpiDefinition AcquisitionRate = new()
    {
        Code = "acquisition_rate",
        Name = "Customer acquisition rate",
        Description = "New customers in the month / customers active at its start; the count of new customers beside it.",
        Area = KpiArea.Acquisition,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_customer_month"],
        Numerator = "SUM(is_new)",
        Denominator = "SUM(active_start)",
        Scale = 100,
        Grains = [KpiGrain.Month],
        Slices = [KpiSlice.Segment, KpiSlice.Region],
        Extras = [("new_customers", "SUM(is_new)")],
        Base = Months,
    };
}
