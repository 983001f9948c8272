namespace Warehouse.Etl.Transforms;

/// <summary>
/// A lead funnel row's milestones from its opportunities in dw.fact_opportunity (deleted ones left out): the first
/// opportunity's creation, the first win (which makes the lead a customer), the loss when every opportunity closed
/// lost, and the amount won. Shared by the CRM sources; each names the leads its run touched.
/// </summary>
public static class LeadFunnelMilestones
{
    public static string Update(TransformContext k, string touchedLeads)
    {
        var deals = $"""
            SELECT o.lead_id, MIN(o.created_at) AS first_opportunity_at,
                   MIN(CASE WHEN o.is_won = {k.True} THEN o.closed_at END) AS won_at,
                   CASE WHEN SUM(CASE WHEN o.is_won = {k.True} THEN 1 ELSE 0 END) = 0 AND SUM(CASE WHEN o.is_closed = {k.False} THEN 1 ELSE 0 END) = 0
                        THEN MAX(o.closed_at) END AS lost_at,
                   SUM(CASE WHEN o.is_won = {k.True} THEN o.amount_reporting ELSE 0 END) AS won_amount
            FROM dw.fact_opportunity o
            WHERE o.is_archived = {k.False} AND o.lead_id IN ({touchedLeads})
            GROUP BY o.lead_id
            """;
        return k.Dialect.UpdateFrom("dw.fact_lead_funnel", "f",
            "opportunity_at = CASE WHEN f.opportunity_at IS NULL OR e.first_opportunity_at < f.opportunity_at THEN e.first_opportunity_at ELSE f.opportunity_at END, " +
            "customer_at = CASE WHEN f.customer_at IS NULL THEN e.won_at ELSE f.customer_at END, won_at = e.won_at, lost_at = e.lost_at, " +
            "amount_reporting = CASE WHEN e.won_at IS NULL THEN NULL ELSE e.won_amount END",
            deals, "e", "f.lead_id = e.lead_id", "1 = 1");
    }
}
