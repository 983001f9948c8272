namespace Warehouse.Kpis;

/// <summary>Churn, retention and acquisition rates over the dense customer-month snapshot (month grain).</summary>
internal static class ChurnKpis
{
    private static string Months(KpiContext k) => $"""
        SELECT m.month_date_key AS date_key, m.customer_id, m.revenue_reporting AS revenue,
               m.revenue_to_date_reporting AS revenue_to_date,
               CASE WHEN m.is_active_at_start = {k.True} OR m.orders > 0 THEN 1 ELSE 0 END AS active_in_month,
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
        AcrossPeriods = "monthly only; over several months the mean monthly rate weighted by customers active at each start, not the churn of the whole span",
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
        AcrossPeriods = "as churn rate",
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

    /// <summary>
    /// Predictive: AOV × orders per customer per year × expected lifetime × margin, which is the month's
    /// revenue × 12 / customers active in the month × lifetime × margin; lifetime = 1 / annual churn
    /// (monthly churn × 12), capped at Warehouse:Kpis:ClvMaxLifetimeYears. Historical (net revenue per
    /// customer to date) beside it as historical_revenue_sum / customers_to_date.
    /// </summary>
    public static readonly KpiDefinition Clv = new()
    {
        Code = "clv",
        Name = "Customer lifetime value",
        Description = "Predictive: average order value × orders per customer per year × expected lifetime (1 / annual churn, capped) × gross margin; historical net revenue per customer to date beside it.",
        AcrossPeriods = "does not add up: each month's numerator holds that month's expected lifetime. One month at a time",
        OnePeriodOnly = true,
        Area = KpiArea.Retention,
        Unit = KpiUnit.Currency,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_customer_month"],
        Numerator = "(SUM(revenue) * 12 * {margin} * {lifetime})",
        Denominator = "SUM(active_in_month)",
        Grains = [KpiGrain.Month],
        Slices = [KpiSlice.Segment, KpiSlice.Region],
        Extras = [("historical_revenue_sum", "SUM(revenue_to_date)"), ("customers_to_date", "COUNT(*)"), ("expected_lifetime_years", "{lifetime}")],
        Variant = "Historical: historical_revenue_sum / customers_to_date.",
        Terms = k =>
        {
            var max = k.Kpis.ClvMaxLifetimeYears.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new Dictionary<string, string>
            {
                ["margin"] = k.Kpis.GrossMargin.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["lifetime"] = $"CASE WHEN SUM(churned) = 0 OR SUM(active_start) > {max} * 12 * SUM(churned) THEN {max} ELSE SUM(active_start) / (12.0 * SUM(churned)) END",
            };
        },
        Base = Months,
    };

    public static readonly KpiDefinition AcquisitionRate = new()
    {
        Code = "acquisition_rate",
        Name = "Customer acquisition rate",
        Description = "New customers in the month / customers active at its start; the count of new customers beside it.",
        AcrossPeriods = "monthly only; over several months the result is the mean monthly rate weighted by customers active at each start, not the rate of the whole span",
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
