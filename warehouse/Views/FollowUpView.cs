using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Schema;

namespace Warehouse.Views;

/// <summary>
/// exec.follow_up: for the last <c>Warehouse:Kpis:FollowUpDays</c> days, every detractor (NPS 0–6) and every
/// unsatisfied answer (CSAT below the top two boxes, a bad helpdesk rating) given after a purchase or a
/// ticket, with the customer, the order or ticket, the comment and the owner to act: the ticket's agent,
/// or else the customer's account owner in the CRM.
/// </summary>
internal static class FollowUpView
{
    public static ViewDefinition Render(SqlDialect d, WarehouseSettings settings)
    {
        var since = d.AddHours(d.UtcNow, -24 * settings.Kpis.FollowUpDays);
        var crmOwner = $"""
            (SELECT MAX(oa.agent_name) FROM dw.fact_lead_funnel lf JOIN dw.dim_agent oa ON oa.agent_key = lf.owner_agent_key
             JOIN dw.dim_customer lc ON lc.customer_key = lf.customer_key WHERE lc.customer_id = c.customer_id AND lf.is_archived = {d.False})
            """;
        var body = $"""
            SELECT f.submitted_at AS answered_at, s.survey_type AS answer_type, s.touchpoint, f.score, f.comment,
                   c.customer_id, c.email, c.segment, f.order_id, f.ticket_id,
                   COALESCE(ta.agent_name, {crmOwner}, '(no owner)') AS owner
            FROM dw.fact_survey_response f
            JOIN dw.dim_survey s ON s.survey_key = f.survey_key
            JOIN dw.dim_customer c ON c.customer_key = f.customer_key
            LEFT JOIN dw.fact_ticket t ON t.ticket_id = f.ticket_id
            LEFT JOIN dw.dim_agent ta ON ta.agent_key = t.agent_key AND t.agent_key <> -1
            WHERE s.touchpoint IN ('after_purchase', 'after_ticket') AND f.submitted_at >= {since}
              AND ((s.survey_type = 'NPS' AND f.score <= 6) OR (s.survey_type = 'CSAT' AND f.score < s.scale_max - 1))
            UNION ALL
            SELECT r.rated_at, 'RATING', 'after_ticket', CAST(NULL AS {d.DecimalType(9, 2)}), r.comment,
                   c.customer_id, c.email, c.segment, CAST(NULL AS {d.TextType(64)}), r.ticket_id,
                   COALESCE(a.agent_name, {crmOwner}, '(no owner)')
            FROM dw.fact_satisfaction_rating r
            JOIN dw.dim_customer c ON c.customer_key = r.customer_key
            LEFT JOIN dw.dim_agent a ON a.agent_key = r.agent_key AND r.agent_key <> -1
            WHERE r.score = 'bad' AND r.rated_at >= {since}
            """;
        return new ViewDefinition(Areas.Exec, "follow_up", body);
    }
}
