using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Files;

/// <summary>stg.web_session → dw.fact_web_session and dw.fact_session_goal, replaced by session id.</summary>
internal static class FilesTransform
{
    public static IReadOnlyList<TransformStep> Steps { get; } =
    [
        new("campaigns", k => [CampaignDimension.AddFromUtm(k, "SELECT campaign, traffic_source AS utm_source, traffic_medium AS utm_medium, load_id FROM stg.web_session")]),
        new("fact_web_session", WebSessions),
        new("fact_session_goal", SessionGoals),
    ];

    private const string LatestSessions = """
        SELECT x.* FROM (
            SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.session_id ORDER BY s.load_id DESC, s.goal_name) AS rn FROM stg.web_session s
        ) x WHERE x.rn = 1
        """;

    private static IEnumerable<string> WebSessions(TransformContext k) =>
    [
        "DELETE FROM dw.fact_web_session WHERE session_id IN (SELECT session_id FROM stg.web_session)",
        $"""
        INSERT INTO dw.fact_web_session (session_id, session_date_key, started_at, user_pseudo_id, customer_key, channel_key, campaign_key,
            traffic_source, traffic_medium, landing_page, device_category, page_views, is_engaged, is_direct, key_event_count, transaction_id,
            order_id, is_converted, load_id)
        SELECT s.session_id, s.session_date_key, s.started_at, s.user_pseudo_id, COALESCE(c.customer_key, -1),
               {ChannelMapping.WebMedium.Key("s.traffic_medium")}, COALESCE(cp.campaign_key, -1),
               s.traffic_source, s.traffic_medium, s.landing_page, s.device_category, s.page_views, s.is_engaged,
               CASE WHEN s.traffic_source = '(direct)' AND s.traffic_medium IN ('(none)', '(not set)') THEN {k.True} ELSE {k.False} END,
               s.key_event_count, s.transaction_id,
               (SELECT MIN(o.order_id) FROM dw.fact_order_line o WHERE o.order_id = s.transaction_id),
               CASE WHEN s.transaction_id IS NULL THEN {k.False} ELSE {k.True} END, s.load_id
        FROM ({LatestSessions}) s
        LEFT JOIN dw.customer_source_map m ON m.source_system = 'shopify' AND m.source_customer_id = s.user_id
        LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "m.customer_id", "s.started_at")}
        LEFT JOIN dw.dim_campaign cp ON {CampaignDimension.Match("cp", "s.campaign")}
        """,
    ];

    private static IEnumerable<string> SessionGoals(TransformContext k) =>
    [
        "DELETE FROM dw.fact_session_goal WHERE session_id IN (SELECT session_id FROM stg.web_session)",
        """
        INSERT INTO dw.fact_session_goal (session_id, goal_name, session_date_key, channel_key, campaign_key, load_id)
        SELECT g.session_id, g.goal_name, f.session_date_key, f.channel_key, f.campaign_key, MAX(g.load_id)
        FROM stg.web_session g JOIN dw.fact_web_session f ON f.session_id = g.session_id
        WHERE g.goal_name IS NOT NULL
        GROUP BY g.session_id, g.goal_name, f.session_date_key, f.channel_key, f.campaign_key
        """,
    ];
}
