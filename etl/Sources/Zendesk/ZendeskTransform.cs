using Warehouse.Etl.Transforms;
using Warehouse.Kpis;
using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>
/// stg.zendesk_* → dw: groups, agents (type 2: team changes), requesters as conformed customers, ticket
/// events, then the ticket accumulating snapshot: its header from the newest ticket version, and its
/// milestones (first reply, first and last solve, closed, reopens) recomputed from all of its events,
/// with calendar and business durations and SLA breaches. Deleted and merged tickets stay, flagged.
/// </summary>
internal static class ZendeskTransform
{
    /// <summary>Tickets touched by this batch: their snapshot is recomputed.</summary>
    private const string Affected = "SELECT ticket_id FROM stg.zendesk_ticket UNION SELECT ticket_id FROM stg.zendesk_ticket_event";

    public static IReadOnlyList<TransformStep> Steps { get; } =
    [
        new("support_group", _ =>
        [
            "DELETE FROM dw.support_group WHERE group_id IN (SELECT group_id FROM stg.zendesk_group)",
            InsertByName.Into<SupportGroup>("""
            SELECT g.group_id AS group_id, g.group_name AS group_name, g.source_instance AS source_instance, g.load_id AS load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.group_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.zendesk_group x) g
            WHERE g.rn = 1
            """),
        ]),
        new("dim_agent", k => Scd2Dimension.Agent.Merge(k, """
            SELECT CONCAT('zendesk:', u.user_id) AS agent_id, 'zendesk' AS source_system, COALESCE(u.agent_name, CONCAT('Agent ', u.user_id)) AS agent_name,
                   COALESCE(g.group_name, 'Unassigned') AS team, u.role, u.source_instance, u.updated_at AS changed_at, u.load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.user_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.zendesk_user x) u
            LEFT JOIN dw.support_group g ON g.group_id = u.default_group_id
            WHERE u.rn = 1 AND u.role IN ('agent', 'admin')
            """)),
        new("requesters", k =>
        [
            "DELETE FROM dw.customer_source_map WHERE source_system = 'zendesk' AND source_customer_id IN (SELECT user_id FROM stg.zendesk_user WHERE customer_nk IS NOT NULL)",
            InsertByName.Into<CustomerSourceMap>("""
            SELECT 'zendesk' AS source_system, u.user_id AS source_customer_id, u.customer_nk AS customer_id, u.load_id AS load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.user_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.zendesk_user x) u
            WHERE u.rn = 1 AND u.customer_nk IS NOT NULL
            """),
            // The helpdesk does not own customer attributes: unknown people become inferred members the shop or CRM completes.
            Scd2Dimension.Customer.AddInferred(k, "SELECT customer_nk AS nk, load_id FROM stg.zendesk_user WHERE customer_nk IS NOT NULL"),
        ]),
        new("fact_ticket_event", k =>
        [
            "DELETE FROM dw.fact_ticket_event WHERE event_id IN (SELECT event_id FROM stg.zendesk_ticket_event)",
            InsertByName.Into<FactTicketEvent>($"""
            SELECT e.event_id AS event_id, e.ticket_id AS ticket_id, e.created_at AS event_at, e.event_date_key AS event_date_key, e.event_kind AS event_kind, e.status AS status, e.previous_status AS previous_status, e.is_public AS is_public,
                   CASE WHEN EXISTS (SELECT 1 FROM dw.dim_agent a WHERE a.agent_id = CONCAT('zendesk:', e.author_id)) THEN {k.True} ELSE {k.False} END AS is_agent_author, e.source_instance AS source_instance, e.load_id AS load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.event_id ORDER BY x.load_id DESC) AS rn FROM stg.zendesk_ticket_event x) e
            WHERE e.rn = 1
            """),
        ]),
        new("dim_ticket_attribute", _ =>
        [
            InsertByName.Into<DimTicketAttribute>($"""
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY a.priority, a.ticket_type, a.status) AS ticket_attribute_key, a.priority AS priority, a.ticket_type AS ticket_type, a.status AS status, a.load_id AS load_id
            FROM (
                SELECT COALESCE(priority, 'none') AS priority, COALESCE(ticket_type, 'none') AS ticket_type, status, MAX(load_id) AS load_id
                FROM stg.zendesk_ticket GROUP BY COALESCE(priority, 'none'), COALESCE(ticket_type, 'none'), status
            ) a
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_ticket_attribute", "ticket_attribute_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_ticket_attribute d WHERE d.priority = a.priority AND d.ticket_type = a.ticket_type AND d.status = a.status)
            """),
        ]),
        new("dim_sla_target", k =>
        [
            // Each instance's policies are read whole: its newest landing replaces that instance's targets only.
            "DELETE FROM dw.dim_sla_target WHERE source_instance IN (SELECT source_instance FROM stg.zendesk_sla_target)",
            InsertByName.Into<DimSlaTarget>($"""
            SELECT s.priority AS priority, s.metric AS metric, MIN(s.target_minutes) AS target_minutes,
                   CASE WHEN SUM(CASE WHEN s.is_business_hours = {k.True} THEN 1 ELSE 0 END) > 0 THEN {k.True} ELSE {k.False} END AS is_business_hours,
                   MIN(s.policy_title) AS policy_title, s.source_instance AS source_instance, MAX(s.load_id) AS load_id
            FROM stg.zendesk_sla_target s
            WHERE s.load_id = (SELECT MAX(y.load_id) FROM stg.zendesk_sla_target y WHERE y.source_instance = s.source_instance)
            GROUP BY s.source_instance, s.priority, s.metric
            """),
        ]),
        new("fact_ticket", TicketHeaders),
        new("fact_ticket milestones", k => TicketMilestones.Update(k, Affected)),
        new("fact_ticket sla", TicketSla),
        new("fact_satisfaction_rating", k =>
        [
            "DELETE FROM dw.fact_satisfaction_rating WHERE rating_id IN (SELECT rating_id FROM stg.zendesk_satisfaction_rating)",
            InsertByName.Into<FactSatisfactionRating>($"""
            SELECT r.rating_id AS rating_id, r.ticket_id AS ticket_id, r.created_at AS rated_at, r.rated_date_key AS rated_date_key, r.score AS score, COALESCE(c.customer_key, -1) AS customer_key, r.requester_id AS requester_id, COALESCE(a.agent_key, -1) AS agent_key,
                   COALESCE(t.channel_key, -1) AS channel_key, r.comment AS comment, r.source_instance AS source_instance, r.load_id AS load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.rating_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.zendesk_satisfaction_rating x) r
            LEFT JOIN dw.customer_source_map m ON m.source_system = 'zendesk' AND m.source_customer_id = r.requester_id
            LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "m.customer_id", "r.created_at")}
            LEFT JOIN dw.dim_agent a ON {Scd2Dimension.Agent.AsOf("a", "CONCAT('zendesk:', r.assignee_id)", "r.created_at")}
            LEFT JOIN dw.fact_ticket t ON t.ticket_id = r.ticket_id
            WHERE r.rn = 1
            """),
        ]),
    ];

    /// <summary>
    /// The SLA target key of a ticket's priority: SLA policies belong to their instance, so dim_sla_target keys a
    /// non-default instance's priorities as <c>instance:priority</c> (see SourceInstance.Qualify).
    /// </summary>
    private static string SlaPriority(string priority, string instance) =>
        $"CASE WHEN {instance} = '{SourceInstance.DefaultName}' THEN {priority} ELSE CONCAT({instance}, ':', {priority}) END";

    private static IEnumerable<string> TicketHeaders(TransformContext k) =>
    [
        "DELETE FROM dw.fact_ticket WHERE ticket_id IN (SELECT ticket_id FROM stg.zendesk_ticket)",
        InsertByName.Into<FactTicket>($"""
        SELECT t.ticket_id AS ticket_id, t.created_at AS created_at, t.created_date_key AS created_date_key, -1 AS solved_date_key, 0 AS solve_count, 0 AS reopen_count, 0 AS public_agent_reply_count,
               {ChannelMapping.Zendesk.Key("t.via_channel")} AS channel_key, COALESCE(ta.ticket_attribute_key, -1) AS ticket_attribute_key, COALESCE(c.customer_key, -1) AS customer_key, t.requester_id AS requester_id, COALESCE(a.agent_key, -1) AS agent_key, g.group_name AS group_name,
               (SELECT MIN(s.target_minutes) FROM dw.dim_sla_target s WHERE s.priority = {SlaPriority("t.priority", "t.source_instance")} AND s.metric = 'first_reply_time') AS sla_first_reply_target_minutes,
               (SELECT MIN(s.target_minutes) FROM dw.dim_sla_target s WHERE s.priority = {SlaPriority("t.priority", "t.source_instance")} AND s.metric IN ('full_resolution_time', 'requester_wait_time')) AS sla_resolution_target_minutes,
               {k.False} AS is_sla_first_reply_breached, {k.False} AS is_sla_resolution_breached, CASE WHEN t.status = 'deleted' THEN {k.True} ELSE {k.False} END AS is_deleted, t.is_merged AS is_merged, t.source_instance AS source_instance, t.load_id AS load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.ticket_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.zendesk_ticket x) t
        LEFT JOIN dw.dim_ticket_attribute ta ON ta.priority = COALESCE(t.priority, 'none') AND ta.ticket_type = COALESCE(t.ticket_type, 'none') AND ta.status = t.status
        LEFT JOIN dw.customer_source_map m ON m.source_system = 'zendesk' AND m.source_customer_id = t.requester_id
        LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "m.customer_id", "t.created_at")}
        LEFT JOIN dw.dim_agent a ON {Scd2Dimension.Agent.AsOf("a", "CONCAT('zendesk:', t.assignee_id)", "t.updated_at")}
        LEFT JOIN dw.support_group g ON g.group_id = t.group_id
        WHERE t.rn = 1
        """, "first_reply_at", "first_solved_at", "last_solved_at", "closed_at", "first_reply_minutes", "first_reply_business_minutes", "first_resolution_minutes", "first_resolution_business_minutes", "full_resolution_minutes", "full_resolution_business_minutes"),
    ];

    /// <summary>A target in business hours is compared with business minutes, otherwise with calendar minutes.</summary>
    private static IEnumerable<string> TicketSla(TransformContext k)
    {
        var breaches = $"""
            SELECT t.ticket_id,
                   CASE WHEN t.sla_first_reply_target_minutes IS NOT NULL
                         AND (CASE WHEN fr.business = 1 THEN t.first_reply_business_minutes ELSE t.first_reply_minutes END) > t.sla_first_reply_target_minutes THEN 1 ELSE 0 END AS reply_breached,
                   CASE WHEN t.sla_resolution_target_minutes IS NOT NULL
                         AND (CASE WHEN rs.business = 1 THEN t.full_resolution_business_minutes ELSE t.full_resolution_minutes END) > t.sla_resolution_target_minutes THEN 1 ELSE 0 END AS resolution_breached
            FROM dw.fact_ticket t
            JOIN dw.dim_ticket_attribute ta ON ta.ticket_attribute_key = t.ticket_attribute_key
            LEFT JOIN (SELECT priority, MAX(CASE WHEN is_business_hours = {k.True} THEN 1 ELSE 0 END) AS business FROM dw.dim_sla_target
                       WHERE metric = 'first_reply_time' GROUP BY priority) fr ON fr.priority = {SlaPriority("ta.priority", "t.source_instance")}
            LEFT JOIN (SELECT priority, MAX(CASE WHEN is_business_hours = {k.True} THEN 1 ELSE 0 END) AS business FROM dw.dim_sla_target
                       WHERE metric IN ('full_resolution_time', 'requester_wait_time') GROUP BY priority) rs ON rs.priority = {SlaPriority("ta.priority", "t.source_instance")}
            WHERE t.ticket_id IN ({Affected})
            """;
        yield return k.Dialect.UpdateFrom("dw.fact_ticket", "f",
            $"is_sla_first_reply_breached = CASE WHEN b.reply_breached = 1 THEN {k.True} ELSE {k.False} END, " +
            $"is_sla_resolution_breached = CASE WHEN b.resolution_breached = 1 THEN {k.True} ELSE {k.False} END",
            breaches, "b", "f.ticket_id = b.ticket_id", "1 = 1");
    }
}
