using Warehouse.Etl.Transforms;
using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Sources.Intercom;

/// <summary>
/// stg.intercom_* → dw, into the same helpdesk facts as Zendesk: teams as support groups, admins as agents (type 2:
/// team changes), contacts as conformed customers, conversation parts as ticket events, each conversation as a
/// ticket of the accumulating snapshot with its milestones recomputed from all of its events (from its statistics
/// when the API capped its parts), and conversation ratings as satisfaction ratings on their 1–5 scale.
/// Ids of teams and admins are <c>intercom:&lt;id&gt;</c>, as conversations are.
/// </summary>
internal static class IntercomTransform
{
    /// <summary>Conversations touched by this batch: their snapshot is recomputed.</summary>
    private const string Affected = "SELECT conversation_id AS ticket_id FROM stg.intercom_conversation UNION SELECT conversation_id FROM stg.intercom_conversation_part";

    /// <summary>
    /// Intercom's conversation source types ("The conversation source object": conversation is the Messenger) on the
    /// conformed channels.
    /// </summary>
    private static readonly ChannelMapping Channels = new(new Dictionary<string, string>
    {
        ["conversation"] = "chat", ["email"] = "email", ["phone_call"] = "phone", ["phone_switch"] = "phone", ["sms"] = "sms", ["whatsapp"] = "chat",
        ["push"] = "mobile_app", ["facebook"] = "social", ["instagram"] = "social", ["twitter"] = "social",
    }, WhenMissing: "other", Otherwise: "other");

    /// <summary>Intercom's two priorities on the helpdesk's scale, its states on the ticket statuses (closed is solved, snoozed is pending).</summary>
    private const string Priority = "CASE WHEN c.priority = 'priority' THEN 'high' ELSE 'normal' END";

    private const string Status = "CASE c.state WHEN 'closed' THEN 'solved' WHEN 'snoozed' THEN 'pending' ELSE 'open' END";

    private const string Latest = "(SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.conversation_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.intercom_conversation x) c";

    public static IReadOnlyList<TransformStep> Steps { get; } =
    [
        new("support_group", _ =>
        [
            "DELETE FROM dw.support_group WHERE group_id IN (SELECT CONCAT('intercom:', team_id) FROM stg.intercom_team)",
            InsertByName.Into<SupportGroup>("""
            SELECT CONCAT('intercom:', g.team_id) AS group_id, g.team_name AS group_name, g.source_instance AS source_instance, g.load_id AS load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.team_id ORDER BY x.load_id DESC) AS rn FROM stg.intercom_team x) g
            WHERE g.rn = 1
            """),
        ]),
        new("dim_company", k => CompanyDimension.Merge(k, $"""
            SELECT CONCAT('intercom:', c.company_id) AS company_id, c.company_name, c.domain, {k.False} AS is_archived, c.source_instance, c.load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.company_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.intercom_company x) c WHERE c.rn = 1
            """)),
        new("dim_agent", k => Scd2Dimension.Agent.Merge(k, """
            SELECT CONCAT('intercom:', a.admin_id) AS agent_id, 'intercom' AS source_system, COALESCE(a.admin_name, CONCAT('Admin ', a.admin_id)) AS agent_name,
                   COALESCE(g.group_name, 'Unassigned') AS team, 'admin' AS role, a.source_instance, a.read_at AS changed_at, a.load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.admin_id ORDER BY x.load_id DESC) AS rn FROM stg.intercom_admin x) a
            LEFT JOIN dw.support_group g ON g.group_id = CONCAT('intercom:', a.team_id)
            WHERE a.rn = 1
            """)),
        new("requesters", k =>
        [
            "DELETE FROM dw.customer_source_map WHERE source_system = 'intercom' AND source_customer_id IN (SELECT contact_id FROM stg.intercom_contact WHERE customer_nk IS NOT NULL)",
            InsertByName.Into<CustomerSourceMap>("""
            SELECT 'intercom' AS source_system, u.contact_id AS source_customer_id, u.customer_nk AS customer_id, u.load_id AS load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.contact_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.intercom_contact x) u
            WHERE u.rn = 1 AND u.customer_nk IS NOT NULL
            """),
            // The helpdesk does not own customer attributes: unknown people become inferred members the shop or CRM completes.
            Scd2Dimension.Customer.AddInferred(k, "SELECT customer_nk AS nk, load_id FROM stg.intercom_contact WHERE customer_nk IS NOT NULL"),
        ]),
        new("fact_ticket_event", _ =>
        [
            // A conversation read again brings all of its parts: its events are replaced whole.
            "DELETE FROM dw.fact_ticket_event WHERE ticket_id IN (SELECT conversation_id FROM stg.intercom_conversation_part)",
            InsertByName.Into<FactTicketEvent>("""
            SELECT e.part_id AS event_id, e.conversation_id AS ticket_id, e.created_at AS event_at, e.event_date_key AS event_date_key, e.event_kind AS event_kind, e.status AS status, e.previous_status AS previous_status,
                   e.is_public AS is_public, e.is_agent_author AS is_agent_author, e.source_instance AS source_instance, e.load_id AS load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.part_id ORDER BY x.load_id DESC) AS rn FROM stg.intercom_conversation_part x) e
            WHERE e.rn = 1 AND e.event_kind <> 'capped'
              AND e.load_id = (SELECT MAX(y.load_id) FROM stg.intercom_conversation_part y WHERE y.conversation_id = e.conversation_id)
            """),
        ]),
        new("dim_ticket_attribute", _ =>
        [
            InsertByName.Into<DimTicketAttribute>($"""
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY a.priority, a.ticket_type, a.status) AS ticket_attribute_key, a.priority AS priority, a.ticket_type AS ticket_type, a.status AS status, a.load_id AS load_id
            FROM (
                SELECT {Priority} AS priority, 'conversation' AS ticket_type, {Status} AS status, MAX(c.load_id) AS load_id
                FROM stg.intercom_conversation c GROUP BY {Priority}, {Status}
            ) a
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_ticket_attribute", "ticket_attribute_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_ticket_attribute d WHERE d.priority = a.priority AND d.ticket_type = a.ticket_type AND d.status = a.status)
            """),
        ]),
        new("fact_ticket", k =>
        [
            "DELETE FROM dw.fact_ticket WHERE ticket_id IN (SELECT conversation_id FROM stg.intercom_conversation)",
            InsertByName.Into<FactTicket>($"""
            SELECT c.conversation_id AS ticket_id, c.created_at AS created_at, c.created_date_key AS created_date_key, -1 AS solved_date_key, 0 AS solve_count, 0 AS reopen_count, 0 AS public_agent_reply_count,
                   {Channels.Key("c.source_type")} AS channel_key, COALESCE(ta.ticket_attribute_key, -1) AS ticket_attribute_key, COALESCE(cu.customer_key, -1) AS customer_key, c.contact_id AS requester_id, COALESCE(a.agent_key, -1) AS agent_key, g.group_name AS group_name,
                   {k.False} AS is_sla_first_reply_breached, {k.False} AS is_sla_resolution_breached, {k.False} AS is_deleted, {k.False} AS is_merged, c.source_instance AS source_instance, c.load_id AS load_id
            FROM {Latest}
            LEFT JOIN dw.dim_ticket_attribute ta ON ta.priority = {Priority} AND ta.ticket_type = 'conversation' AND ta.status = {Status}
            LEFT JOIN dw.customer_source_map m ON m.source_system = 'intercom' AND m.source_customer_id = c.contact_id
            LEFT JOIN dw.dim_customer cu ON {Scd2Dimension.Customer.AsOf("cu", "m.customer_id", "c.created_at")}
            LEFT JOIN dw.dim_agent a ON {Scd2Dimension.Agent.AsOf("a", "CONCAT('intercom:', c.admin_assignee_id)", "c.updated_at")}
            LEFT JOIN dw.support_group g ON g.group_id = CONCAT('intercom:', c.team_assignee_id)
            WHERE c.rn = 1
            """, "sla_first_reply_target_minutes", "sla_resolution_target_minutes", "first_reply_at", "first_solved_at", "last_solved_at", "closed_at", "first_reply_minutes", "first_reply_business_minutes",
                "first_resolution_minutes", "first_resolution_business_minutes", "full_resolution_minutes", "full_resolution_business_minutes"),
        ]),
        new("fact_ticket milestones", k => TicketMilestones.Update(k, Affected)),
        new("fact_ticket capped parts", CappedFromStatistics),
        new("fact_satisfaction_rating", k =>
        [
            "DELETE FROM dw.fact_satisfaction_rating WHERE ticket_id IN (SELECT conversation_id FROM stg.intercom_conversation)",
            InsertByName.Into<FactSatisfactionRating>($"""
            SELECT CONCAT('rating:', c.conversation_id) AS rating_id, c.conversation_id AS ticket_id, c.rated_at AS rated_at, c.rated_date_key AS rated_date_key, CONCAT(c.rating, '') AS score,
                   COALESCE(cu.customer_key, -1) AS customer_key, c.contact_id AS requester_id, COALESCE(a.agent_key, -1) AS agent_key, COALESCE(t.channel_key, -1) AS channel_key, c.rating_remark AS comment,
                   c.source_instance AS source_instance, c.load_id AS load_id
            FROM {Latest}
            LEFT JOIN dw.customer_source_map m ON m.source_system = 'intercom' AND m.source_customer_id = c.contact_id
            LEFT JOIN dw.dim_customer cu ON {Scd2Dimension.Customer.AsOf("cu", "m.customer_id", "c.rated_at")}
            LEFT JOIN dw.dim_agent a ON {Scd2Dimension.Agent.AsOf("a", "CONCAT('intercom:', COALESCE(c.rating_admin_id, c.admin_assignee_id))", "c.rated_at")}
            LEFT JOIN dw.fact_ticket t ON t.ticket_id = c.conversation_id
            WHERE c.rn = 1 AND c.rating IS NOT NULL AND c.rated_at IS NOT NULL
            """),
        ]),
    ];

    /// <summary>
    /// "Retrieve a conversation" returns at most the 500 most recent parts: for a conversation with more, the first reply,
    /// the first and last close and the reopens come from its statistics (first_admin_reply_at, first_close_at,
    /// last_close_at, count_reopens), which Intercom computes over every part.
    /// </summary>
    private static IEnumerable<string> CappedFromStatistics(TransformContext k)
    {
        var d = k.Dialect;
        var capped = """
            SELECT c.conversation_id, c.first_admin_reply_at, c.first_close_at, c.last_close_at, COALESCE(c.last_close_date_key, -1) AS last_close_date_key, COALESCE(c.count_reopens, 0) AS count_reopens
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.conversation_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.intercom_conversation x) c
            WHERE c.rn = 1 AND c.conversation_id IN (SELECT conversation_id FROM stg.intercom_conversation_part WHERE event_kind = 'capped')
            """;
        var set = string.Join(", ",
            "first_reply_at = s.first_admin_reply_at", "first_solved_at = s.first_close_at", "last_solved_at = s.last_close_at", "solved_date_key = s.last_close_date_key",
            "solve_count = CASE WHEN s.first_close_at IS NULL THEN 0 ELSE s.count_reopens + 1 END", "reopen_count = s.count_reopens",
            TicketMilestones.Durations(d, "s.first_admin_reply_at", "s.first_close_at", "s.last_close_at"));
        yield return d.UpdateFrom("dw.fact_ticket", "f", set, capped, "s", "f.ticket_id = s.conversation_id", "1 = 1");
    }
}
