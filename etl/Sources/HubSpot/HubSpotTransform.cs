using Warehouse.Etl.Transforms;
using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Sources.HubSpot;

/// <summary>
/// stg.hubspot_* → dw: owners become agents (type 2: team), contacts become conformed customers and rows
/// of the lead funnel (their lifecycle stage dates), deals become opportunities (replaced by deal id, so
/// a deal moved back a stage shows its current stage), then each touched lead's funnel milestones are
/// recomputed from all of its deals. Archived contacts and deals stay, flagged, and count in no KPI.
/// </summary>
internal static class HubSpotTransform
{
    private const string LatestContacts = """
        SELECT c.* FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.contact_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.hubspot_contact x) c WHERE c.rn = 1
        """;

    private const string TouchedLeads = "SELECT contact_id FROM stg.hubspot_contact UNION SELECT contact_id FROM stg.hubspot_deal WHERE contact_id IS NOT NULL";

    public static IReadOnlyList<TransformStep> Steps { get; } =
    [
        new("dim_agent", k => Scd2Dimension.Agent.Merge(k, """
            SELECT CONCAT('hubspot:', o.owner_id) AS agent_id, 'hubspot' AS source_system, o.owner_name AS agent_name, o.team, 'sales' AS role,
                   o.source_instance, o.updated_at AS changed_at, o.load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.owner_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.hubspot_owner x) o
            WHERE o.rn = 1
            """)),
        new("dim_company", k => CompanyDimension.Merge(k, """
            SELECT CONCAT('hubspot:', c.company_id) AS company_id, c.company_name, c.domain, c.is_archived, c.source_instance, c.load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.company_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.hubspot_company x) c WHERE c.rn = 1
            """)),
        new("dim_lead_source", _ =>
        [
            InsertByName.Into<DimLeadSource>($"""
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY s.code) AS lead_source_key, s.code AS lead_source_code, s.code AS lead_source_name, s.load_id AS load_id
            FROM (SELECT lead_source AS code, MAX(load_id) AS load_id FROM stg.hubspot_contact WHERE lead_source IS NOT NULL GROUP BY lead_source) s
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_lead_source", "lead_source_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_lead_source d WHERE d.lead_source_code = s.code)
            """),
        ]),
        new("contacts as customers", k =>
        [
            "DELETE FROM dw.customer_source_map WHERE source_system = 'hubspot' AND source_customer_id IN (SELECT contact_id FROM stg.hubspot_contact)",
            InsertByName.Into<CustomerSourceMap>($"""
            SELECT 'hubspot' AS source_system, c.contact_id AS source_customer_id, c.customer_nk AS customer_id, c.load_id AS load_id FROM ({LatestContacts}) c WHERE c.customer_nk IS NOT NULL
            """),
            Scd2Dimension.Customer.AddInferred(k, "SELECT customer_nk AS nk, load_id FROM stg.hubspot_contact WHERE customer_nk IS NOT NULL"),
            CampaignDimension.AddFromUtm(k, "SELECT campaign, NULL AS utm_source, NULL AS utm_medium, load_id FROM stg.hubspot_contact"),
        ]),
        new("fact_lead_funnel", k =>
        [
            "DELETE FROM dw.fact_lead_funnel WHERE lead_id IN (SELECT contact_id FROM stg.hubspot_contact)",
            InsertByName.Into<FactLeadFunnel>($"""
            SELECT c.contact_id AS lead_id, COALESCE(cu.customer_key, -1) AS customer_key, COALESCE(ls.lead_source_key, -1) AS lead_source_key, COALESCE(cp.campaign_key, -1) AS campaign_key, COALESCE(a.agent_key, -1) AS owner_agent_key,
                   c.lead_at AS lead_created_at, c.lead_date_key AS lead_date_key, c.mql_at AS mql_at, c.opportunity_at AS opportunity_at, c.customer_at AS customer_at, c.is_archived AS is_archived, c.source_instance AS source_instance, c.load_id AS load_id
            FROM ({LatestContacts}) c
            LEFT JOIN dw.dim_customer cu ON {Scd2Dimension.Customer.AsOf("cu", "c.customer_nk", "c.lead_at")}
            LEFT JOIN dw.dim_lead_source ls ON ls.lead_source_code = c.lead_source
            LEFT JOIN dw.dim_campaign cp ON {CampaignDimension.Match("cp", "c.campaign")}
            LEFT JOIN dw.dim_agent a ON {Scd2Dimension.Agent.AsOf("a", "CONCAT('hubspot:', c.owner_id)", "c.updated_at")}
            """, "won_at", "lost_at", "amount_reporting"),
        ]),
        new("fact_opportunity", k =>
        [
            "DELETE FROM dw.fact_opportunity WHERE deal_id IN (SELECT deal_id FROM stg.hubspot_deal)",
            InsertByName.Into<FactOpportunity>($"""
            SELECT d.deal_id AS deal_id, d.contact_id AS lead_id, COALESCE(lf.customer_key, -1) AS customer_key, COALESCE(a.agent_key, -1) AS owner_agent_key, COALESCE(lf.lead_source_key, -1) AS lead_source_key, COALESCE(lf.campaign_key, -1) AS campaign_key,
                   d.pipeline AS pipeline, d.stage AS stage, d.created_at AS created_at, d.created_date_key AS created_date_key, d.closed_at AS closed_at, d.closed_date_key AS closed_date_key, d.is_closed AS is_closed, d.is_won AS is_won, COALESCE(cur.currency_key, -1) AS currency_key,
                   d.amount AS amount, d.amount * COALESCE(cur.rate_to_reporting, 0) AS amount_reporting, d.is_archived AS is_archived, d.source_instance AS source_instance, d.load_id AS load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.deal_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.hubspot_deal x) d
            LEFT JOIN dw.fact_lead_funnel lf ON lf.lead_id = d.contact_id
            LEFT JOIN dw.dim_agent a ON {Scd2Dimension.Agent.AsOf("a", "CONCAT('hubspot:', d.owner_id)", "d.updated_at")}
            LEFT JOIN dw.dim_currency cur ON cur.currency_code = d.currency
            WHERE d.rn = 1
            """),
        ]),
        new("fact_lead_funnel milestones", k => [LeadFunnelMilestones.Update(k, TouchedLeads)]),
    ];
}
