namespace Warehouse.Kpis;

/// <summary>Acquisition KPIs of the catalogue (see docs/kpis.md for the definitions and their choices).</summary>
internal static class AcquisitionKpis
{
    public static IEnumerable<KpiDefinition> All => [CampaignRoi, Cac, ChurnKpis.AcquisitionRate, NewCustomers, DirectTrafficShare, PagesPerVisit, VisitorConversion];

    /// <summary>The first non-cancelled order of each known customer: the day they became a customer.</summary>
    // The first non-cancelled order of each customer, with its channel, campaign and the customer version then.
    private const string FirstOrders = """
            SELECT o.order_date_key AS date_key, c.customer_id, ch.channel_name AS channel, c.segment, c.region, cp.campaign_name AS campaign
            FROM dw.fact_order o
            JOIN dw.dim_customer c ON c.customer_key = o.customer_key
            JOIN dw.dim_channel ch ON ch.channel_key = o.channel_key
            JOIN dw.dim_campaign cp ON cp.campaign_key = o.campaign_key
            WHERE o.customer_order_number = 1
        """;

    private static string Sessions(KpiContext k) => $"""
        SELECT s.session_date_key AS date_key, s.session_id, s.page_views,
               CASE WHEN s.is_converted = {k.True} THEN 1 ELSE 0 END AS converted,
               CASE WHEN s.is_direct = {k.True} THEN 1 ELSE 0 END AS direct,
               ch.channel_name AS channel, cp.campaign_name AS campaign, s.source_instance AS instance
        FROM dw.fact_web_session s
        JOIN dw.dim_channel ch ON ch.channel_key = s.channel_key
        JOIN dw.dim_campaign cp ON cp.campaign_key = s.campaign_key
        """;

    /// <summary>
    /// Last-touch attributed revenue less cost, over cost, per campaign and period; ROAS, revenue, cost and
    /// the lookback window beside it. No cost in the period: no value. First-touch rows are in
    /// dw.fact_order_attribution for the variant.
    /// </summary>
    public static readonly KpiDefinition CampaignRoi = new()
    {
        Code = "campaign_roi",
        Name = "Campaign ROI",
        Description = "(Attributed revenue − campaign cost) / campaign cost, last-touch attribution; ROAS (revenue / cost) beside it.",
        AcrossPeriods = "adds up. A campaign without cost in a period adds revenue and no cost; its own value is BLANK",
        Area = KpiArea.Acquisition,
        Unit = KpiUnit.Ratio,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_order_attribution", "fact_campaign_spend"],
        Numerator = "SUM(revenue) - SUM(cost)",
        Denominator = "SUM(cost)",
        Slices = [KpiSlice.Campaign],
        Extras = [("attributed_revenue", "SUM(revenue)"), ("cost", "SUM(cost)"), ("roas", "CASE WHEN SUM(cost) = 0 THEN NULL ELSE SUM(revenue) / SUM(cost) END"), ("lookback_days", "MAX(lookback_days)")],
        Variant = "First touch: the customer's earliest campaign touch within the lookback window (attribution_model = 'first_touch').",
        Base = _ => """
            SELECT a.order_date_key AS date_key, a.attributed_revenue_reporting AS revenue, 0 AS cost, cp.campaign_name AS campaign, a.lookback_days
            FROM dw.fact_order_attribution a JOIN dw.dim_campaign cp ON cp.campaign_key = a.campaign_key
            WHERE a.attribution_model = 'last_touch'
            UNION ALL
            SELECT s.spend_date_key, 0, s.spend_reporting, cp.campaign_name, NULL
            FROM dw.fact_campaign_spend s JOIN dw.dim_campaign cp ON cp.campaign_key = s.campaign_key
            """,
    };

    /// <summary>Spend of the period over the customers acquired in it (by first order); per campaign, over those whose first order came from it.</summary>
    public static readonly KpiDefinition Cac = new()
    {
        Code = "cac",
        Name = "Customer acquisition cost",
        Description = "Marketing spend in the period (reporting currency) / new customers acquired in the period.",
        AcrossPeriods = "adds up: each customer has one first order",
        Area = KpiArea.Acquisition,
        Unit = KpiUnit.Currency,
        Direction = KpiDirection.LowerIsBetter,
        Facts = ["fact_campaign_spend", "fact_order"],
        Numerator = "SUM(spend)",
        Denominator = "COUNT(DISTINCT customer_id)",
        Slices = [KpiSlice.Campaign],
        Base = k => $"""
            SELECT n.date_key, 0 AS spend, n.customer_id, n.campaign FROM ({FirstOrders}) n
            UNION ALL
            SELECT s.spend_date_key, s.spend_reporting, NULL, cp.campaign_name
            FROM dw.fact_campaign_spend s JOIN dw.dim_campaign cp ON cp.campaign_key = s.campaign_key
            """,
    };

    /// <summary>A customer is new in the period of their first non-cancelled order; later KPIs (CAC, acquisition rate) reuse it.</summary>
    public static readonly KpiDefinition NewCustomers = new()
    {
        Code = "new_customers",
        Name = "New customers",
        Description = "Customers whose first (non-cancelled) order falls in the period.",
        AcrossPeriods = "adds up: each customer is new once",
        Area = KpiArea.Acquisition,
        Unit = KpiUnit.Number,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_order"],
        Numerator = "COUNT(DISTINCT customer_id)",
        Denominator = null,
        Slices = [KpiSlice.Channel, KpiSlice.Segment, KpiSlice.Region, KpiSlice.Campaign],
        Base = _ => FirstOrders,
    };

    public static readonly KpiDefinition DirectTrafficShare = new()
    {
        Code = "direct_traffic_share",
        Name = "Direct traffic",
        Description = "Sessions whose source is direct ((direct) / (none)) / all sessions.",
        AcrossPeriods = "adds up; no slices",
        Area = KpiArea.Acquisition,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_web_session"],
        Numerator = "SUM(direct)",
        Denominator = "COUNT(*)",
        Scale = 100,
        Slices = [KpiSlice.Instance],
        Base = Sessions,
    };

    public static readonly KpiDefinition PagesPerVisit = new()
    {
        Code = "pages_per_visit",
        Name = "Pages per visit",
        Description = "Page views / sessions.",
        Area = KpiArea.Acquisition,
        Unit = KpiUnit.Number,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_web_session"],
        Numerator = "SUM(page_views)",
        Denominator = "COUNT(*)",
        Slices = [KpiSlice.Channel, KpiSlice.Campaign, KpiSlice.Instance],
        Base = Sessions,
    };

    public static readonly KpiDefinition VisitorConversion = new()
    {
        Code = "visitor_conversion",
        Name = "Conversion rate",
        Description = "Sessions that placed an order (a purchase with a transaction id) / sessions.",
        Area = KpiArea.Acquisition,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_web_session"],
        Numerator = "SUM(converted)",
        Denominator = "COUNT(*)",
        Scale = 100,
        Slices = [KpiSlice.Channel, KpiSlice.Campaign, KpiSlice.Instance],
        Base = Sessions,
    };
}
