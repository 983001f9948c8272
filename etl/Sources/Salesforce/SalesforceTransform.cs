using Warehouse.Etl.Transforms;
using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Sources.Salesforce;

/// <summary>
/// stg.salesforce_* → dw: users become agents (type 2: department as team), accounts companies, leads and contacts
/// conformed customers, leads the rows of the lead funnel, opportunities the opportunities (updated in place by id, so a
/// stage moved back shows the current stage) with their primary campaign, their stage history a fact of its own; campaigns
/// join the campaign dimension by name through dw.campaign_source_map; a converted lead is linked to the opportunity it became, and each touched
/// lead's milestones are recomputed from its opportunities. Deleted records (queryAll's IsDeleted) stay, flagged, and
/// count in no KPI.
/// </summary>
internal static class SalesforceTransform
{
    private static string Latest(string table, string key) =>
        $"SELECT c.* FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.{key} ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.{table} x) c WHERE c.rn = 1";

    private static readonly string Leads = Latest("salesforce_lead", "lead_id");

    private static readonly string Opportunities = Latest("salesforce_opportunity", "opportunity_id");

    /// <summary>The leads of this run and those whose opportunities changed in it (deleted ones too).</summary>
    private const string TouchedLeads = """
        SELECT lead_id FROM stg.salesforce_lead
        UNION SELECT o.lead_id FROM dw.fact_opportunity o WHERE o.lead_id IS NOT NULL AND o.deal_id IN (SELECT opportunity_id FROM stg.salesforce_opportunity)
        """;

    public static IReadOnlyList<TransformStep> Steps { get; } =
    [
        new("dim_agent", k => Scd2Dimension.Agent.Merge(k, $"""
            SELECT CONCAT('salesforce:', u.user_id) AS agent_id, 'salesforce' AS source_system, u.user_name AS agent_name, u.team, 'sales' AS role,
                   u.source_instance, u.updated_at AS changed_at, u.load_id
            FROM ({Latest("salesforce_user", "user_id")}) u
            """)),
        new("dim_company", k => CompanyDimension.Merge(k, $"""
            SELECT CONCAT('salesforce:', a.account_id) AS company_id, a.account_name AS company_name, a.domain, a.is_deleted AS is_archived, a.source_instance, a.load_id
            FROM ({Latest("salesforce_account", "account_id")}) a
            """)),
        new("dim_campaign", k =>
        [
            CampaignDimension.AddFromUtm(k, "SELECT campaign_name AS campaign, NULL AS utm_source, NULL AS utm_medium, load_id FROM stg.salesforce_campaign"),
            // The map outlives the staging rows: an opportunity changed in a later run still finds its campaign by CampaignId.
            "DELETE FROM dw.campaign_source_map WHERE source_system = 'salesforce' AND source_campaign_id IN (SELECT campaign_id FROM stg.salesforce_campaign)",
            InsertByName.Into<CampaignSourceMap>($"""
            SELECT 'salesforce' AS source_system, c.campaign_id AS source_campaign_id, LOWER(c.campaign_name) AS campaign_id, c.load_id AS load_id
            FROM ({Latest("salesforce_campaign", "campaign_id")}) c
            """),
        ]),
        new("dim_lead_source", _ =>
        [
            InsertByName.Into<DimLeadSource>($"""
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY s.code) AS lead_source_key, s.code AS lead_source_code, s.code AS lead_source_name, s.load_id AS load_id
            FROM (SELECT a.code, MAX(a.load_id) AS load_id
                  FROM (SELECT lead_source AS code, load_id FROM stg.salesforce_lead UNION ALL SELECT lead_source AS code, load_id FROM stg.salesforce_opportunity) a
                  WHERE a.code IS NOT NULL GROUP BY a.code) s
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_lead_source", "lead_source_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_lead_source d WHERE d.lead_source_code = s.code)
            """),
        ]),
        new("leads and contacts as customers", k =>
        [
            "DELETE FROM dw.customer_source_map WHERE source_system = 'salesforce' AND source_customer_id IN (SELECT lead_id FROM stg.salesforce_lead UNION SELECT contact_id FROM stg.salesforce_contact)",
            InsertByName.Into<CustomerSourceMap>($"""
            SELECT 'salesforce' AS source_system, p.person_id AS source_customer_id, p.customer_nk AS customer_id, p.load_id AS load_id
            FROM (SELECT lead_id AS person_id, customer_nk, load_id FROM ({Leads}) l
                  UNION ALL SELECT contact_id AS person_id, customer_nk, load_id FROM ({Latest("salesforce_contact", "contact_id")}) c) p
            WHERE p.customer_nk IS NOT NULL
            """),
            Scd2Dimension.Customer.AddInferred(k, "SELECT customer_nk AS nk, load_id FROM stg.salesforce_lead WHERE customer_nk IS NOT NULL UNION ALL SELECT customer_nk AS nk, load_id FROM stg.salesforce_contact WHERE customer_nk IS NOT NULL"),
        ]),
        new("fact_lead_funnel", k =>
        [
            "DELETE FROM dw.fact_lead_funnel WHERE lead_id IN (SELECT lead_id FROM stg.salesforce_lead)",
            InsertByName.Into<FactLeadFunnel>($"""
            SELECT l.lead_id AS lead_id, COALESCE(cu.customer_key, -1) AS customer_key, COALESCE(ls.lead_source_key, -1) AS lead_source_key, -1 AS campaign_key, COALESCE(a.agent_key, -1) AS owner_agent_key,
                   l.created_at AS lead_created_at, l.lead_date_key AS lead_date_key, l.is_deleted AS is_archived, l.source_instance AS source_instance, l.load_id AS load_id
            FROM ({Leads}) l
            LEFT JOIN dw.dim_customer cu ON {Scd2Dimension.Customer.AsOf("cu", "l.customer_nk", "l.created_at")}
            LEFT JOIN dw.dim_lead_source ls ON ls.lead_source_code = l.lead_source
            LEFT JOIN dw.dim_agent a ON {Scd2Dimension.Agent.AsOf("a", "CONCAT('salesforce:', l.owner_id)", "l.updated_at")}
            """, "mql_at", "opportunity_at", "customer_at", "won_at", "lost_at", "amount_reporting"),
        ]),
        new("fact_opportunity", k =>
        {
            var enriched = $"""
                SELECT o.opportunity_id, COALESCE(a.agent_key, -1) AS owner_agent_key, COALESCE(ls.lead_source_key, -1) AS lead_source_key, o.stage, o.created_at, o.created_date_key,
                       o.closed_at, o.closed_date_key, o.is_closed, o.is_won, COALESCE(cur.currency_key, -1) AS currency_key, o.amount, o.amount * COALESCE(cur.rate_to_reporting, 0) AS amount_reporting,
                       COALESCE(cp.campaign_key, -1) AS campaign_key, o.is_deleted, o.source_instance, o.load_id
                FROM ({Opportunities}) o
                LEFT JOIN dw.dim_agent a ON {Scd2Dimension.Agent.AsOf("a", "CONCAT('salesforce:', o.owner_id)", "o.updated_at")}
                LEFT JOIN dw.dim_lead_source ls ON ls.lead_source_code = o.lead_source
                LEFT JOIN dw.dim_currency cur ON cur.currency_code = o.currency
                LEFT JOIN dw.campaign_source_map cm ON cm.source_system = 'salesforce' AND cm.source_campaign_id = o.campaign_id
                LEFT JOIN dw.dim_campaign cp ON cp.campaign_id = cm.campaign_id
                """;
            // Updated in place, not replaced: the lead an opportunity came from is known only from the lead's conversion,
            // which a later change of the opportunity alone does not repeat.
            return
            [
                k.Dialect.UpdateFrom("dw.fact_opportunity", "f",
                    "owner_agent_key = s.owner_agent_key, stage = s.stage, created_at = s.created_at, created_date_key = s.created_date_key, closed_at = s.closed_at, closed_date_key = s.closed_date_key, " +
                    "is_closed = s.is_closed, is_won = s.is_won, currency_key = s.currency_key, amount = s.amount, amount_reporting = s.amount_reporting, campaign_key = s.campaign_key, " +
                    "is_archived = s.is_deleted, source_instance = s.source_instance, load_id = s.load_id",
                    enriched, "s", "f.deal_id = s.opportunity_id", "1 = 1"),
                InsertByName.Into<FactOpportunity>($"""
                SELECT s.opportunity_id AS deal_id, NULL AS lead_id, -1 AS customer_key, s.owner_agent_key AS owner_agent_key, s.lead_source_key AS lead_source_key, s.campaign_key AS campaign_key,
                       'default' AS pipeline, s.stage AS stage, s.created_at AS created_at, s.created_date_key AS created_date_key, s.closed_at AS closed_at, s.closed_date_key AS closed_date_key,
                       s.is_closed AS is_closed, s.is_won AS is_won, s.currency_key AS currency_key, s.amount AS amount, s.amount_reporting AS amount_reporting, s.is_deleted AS is_archived,
                       s.source_instance AS source_instance, s.load_id AS load_id
                FROM ({enriched}) s
                WHERE NOT EXISTS (SELECT 1 FROM dw.fact_opportunity f WHERE f.deal_id = s.opportunity_id)
                """),
            ];
        }),
        new("fact_opportunity_stage", _ =>
        [
            "DELETE FROM dw.fact_opportunity_stage WHERE history_id IN (SELECT history_id FROM stg.salesforce_opportunity_history)",
            InsertByName.Into<FactOpportunityStage>($"""
            SELECT h.history_id AS history_id, h.opportunity_id AS deal_id, h.stage AS stage, h.changed_at AS changed_at, h.changed_date_key AS changed_date_key, h.close_date_key AS close_date_key,
                   h.probability AS probability, COALESCE(cur.currency_key, -1) AS currency_key, h.amount AS amount, h.amount * COALESCE(cur.rate_to_reporting, 0) AS amount_reporting,
                   h.is_deleted AS is_archived, h.source_instance AS source_instance, h.load_id AS load_id
            FROM ({Latest("salesforce_opportunity_history", "history_id")}) h
            LEFT JOIN dw.dim_currency cur ON cur.currency_code = h.currency
            """),
        ]),
        new("converted leads to their opportunities", k =>
        [
            k.Dialect.UpdateFrom("dw.fact_opportunity", "f",
                "lead_id = s.lead_id, customer_key = s.customer_key, campaign_key = CASE WHEN f.campaign_key = -1 THEN s.campaign_key ELSE f.campaign_key END, " +
                "lead_source_key = CASE WHEN f.lead_source_key = -1 THEN s.lead_source_key ELSE f.lead_source_key END",
                $"SELECT l.lead_id, l.converted_opportunity_id, lf.customer_key, lf.campaign_key, lf.lead_source_key FROM ({Leads}) l JOIN dw.fact_lead_funnel lf ON lf.lead_id = l.lead_id WHERE l.converted_opportunity_id IS NOT NULL",
                "s", "f.deal_id = s.converted_opportunity_id", "1 = 1"),
        ]),
        new("fact_lead_funnel milestones", k =>
        [
            // A Salesforce lead's milestones come only from its opportunities: cleared and recomputed, so one deleted since drops out.
            $"UPDATE dw.fact_lead_funnel SET opportunity_at = NULL, customer_at = NULL, won_at = NULL, lost_at = NULL, amount_reporting = NULL WHERE lead_id IN ({TouchedLeads})",
            LeadFunnelMilestones.Update(k, TouchedLeads),
        ]),
    ];
}
