namespace Warehouse.Kpis;

/// <summary>Lead funnel and pipeline KPIs (engagement area). Archived contacts and deals count in none of them.</summary>
internal static class CrmKpis
{
    private static readonly IReadOnlyList<KpiSlice> LeadSlices = [KpiSlice.LeadSource, KpiSlice.Campaign, KpiSlice.Agent, KpiSlice.Team, KpiSlice.Instance];

    /// <summary>Leads by the month they were created (a cohort), with what they have become by now (an order on or after the lead counts: the latest order is compared).</summary>
    private static string Leads(KpiContext k) => $"""
        SELECT f.lead_date_key AS date_key, f.lead_id,
               CASE WHEN f.opportunity_at IS NOT NULL THEN 1 ELSE 0 END AS has_opportunity,
               CASE WHEN f.customer_at IS NOT NULL OR f.won_at IS NOT NULL OR lo.last_order_at >= f.lead_created_at THEN 1 ELSE 0 END AS converted,
               ls.lead_source_name AS lead_source, cp.campaign_name AS campaign, a.agent_name AS agent, a.team, f.source_instance AS instance
        FROM dw.fact_lead_funnel f
        JOIN dw.dim_customer c ON c.customer_key = f.customer_key
        JOIN dw.dim_lead_source ls ON ls.lead_source_key = f.lead_source_key
        JOIN dw.dim_campaign cp ON cp.campaign_key = f.campaign_key
        JOIN dw.dim_agent a ON a.agent_key = f.owner_agent_key
        LEFT JOIN (SELECT oc.customer_id, MAX(o.ordered_at) AS last_order_at
                   FROM dw.fact_order o JOIN dw.dim_customer oc ON oc.customer_key = o.customer_key
                   WHERE oc.customer_key <> -1 GROUP BY oc.customer_id) lo ON lo.customer_id = c.customer_id
        WHERE f.is_archived = {k.False}
        """;

    /// <summary>Closed opportunities by the month they closed.</summary>
    private static string ClosedDeals(KpiContext k) => $"""
        SELECT o.closed_date_key AS date_key, o.deal_id, CASE WHEN o.is_won = {k.True} THEN 1 ELSE 0 END AS won,
               {k.Dialect.SecondsBetween("o.created_at", "o.closed_at")} / 86400.0 AS cycle_days,
               ls.lead_source_name AS lead_source, cp.campaign_name AS campaign, a.agent_name AS agent, a.team, o.source_instance AS instance
        FROM dw.fact_opportunity o
        JOIN dw.dim_lead_source ls ON ls.lead_source_key = o.lead_source_key
        JOIN dw.dim_campaign cp ON cp.campaign_key = o.campaign_key
        JOIN dw.dim_agent a ON a.agent_key = o.owner_agent_key
        WHERE o.is_closed = {k.True} AND o.is_archived = {k.False}
        """;

    public static readonly KpiDefinition LeadToOpportunity = new()
    {
        Code = "lead_to_opportunity",
        Name = "Lead-to-opportunity conversion",
        Description = "Leads created in the month that have an opportunity (lifecycle stage or deal) by now / leads created in the month; opportunities created in the month beside it.",
        AcrossPeriods = "adds up; cohorts by lead creation month, so a month's figure rises as its leads mature",
        Area = KpiArea.Engagement,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_lead_funnel", "fact_opportunity"],
        Numerator = "SUM(has_opportunity * is_lead)",
        Denominator = "SUM(is_lead)",
        Scale = 100,
        Slices = LeadSlices,
        Extras = [("opportunities_created", "SUM(1 - is_lead)")],
        Variant = "Activity view: opportunities_created = opportunities (deals) created in the month, beside the cohort ratio.",
        Base = k => $"""
            SELECT l.date_key, l.has_opportunity, 1 AS is_lead, l.lead_source, l.campaign, l.agent, l.team, l.instance FROM ({Leads(k)}) l
            UNION ALL
            SELECT o.created_date_key, 0, 0, ls.lead_source_name, cp.campaign_name, a.agent_name, a.team, o.source_instance
            FROM dw.fact_opportunity o
            JOIN dw.dim_lead_source ls ON ls.lead_source_key = o.lead_source_key
            JOIN dw.dim_campaign cp ON cp.campaign_key = o.campaign_key
            JOIN dw.dim_agent a ON a.agent_key = o.owner_agent_key
            WHERE o.is_archived = {k.False}
            """,
    };

    public static readonly KpiDefinition LeadConversion = new()
    {
        Code = "lead_conversion",
        Name = "Lead conversion",
        Description = "Leads created in the month that became customers (a won deal, the customer stage, or a first order in the shop) / leads created in the month.",
        AcrossPeriods = "adds up; cohorts, as above",
        Area = KpiArea.Engagement,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_lead_funnel", "fact_order"],
        LaterFactsChangeEarlierPeriods = true,
        Numerator = "SUM(converted)",
        Denominator = "COUNT(*)",
        Scale = 100,
        Slices = LeadSlices,
        Base = Leads,
    };

    public static readonly KpiDefinition WinRate = new()
    {
        Code = "win_rate",
        Name = "Win rate",
        Description = "Opportunities won / opportunities closed (won + lost) in the month.",
        Area = KpiArea.Engagement,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_opportunity"],
        Numerator = "SUM(won)",
        Denominator = "COUNT(*)",
        Scale = 100,
        Slices = LeadSlices,
        Base = ClosedDeals,
    };

    public static readonly KpiDefinition SalesCycleDays = new()
    {
        Code = "sales_cycle_days",
        Name = "Sales cycle length",
        Description = "Mean days from opportunity creation to won, for opportunities won in the period; median beside it.",
        AcrossPeriods = "the mean adds up; `median_days` does not",
        Area = KpiArea.Engagement,
        Unit = KpiUnit.Days,
        Direction = KpiDirection.LowerIsBetter,
        Facts = ["fact_opportunity"],
        Numerator = "SUM(cycle_days)",
        Denominator = "COUNT(*)",
        Slices = LeadSlices,
        Medians = [("median_days", "cycle_days")],
        Base = k => ClosedDeals(k) + $" AND o.is_won = {k.True}",
    };
}
