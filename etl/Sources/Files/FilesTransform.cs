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
        new("dim_survey", Surveys),
        new("dim_employee_group", _ =>
        [
            $"""
            INSERT INTO dw.dim_employee_group (employee_group_key, department, location, load_id)
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY g.department, g.location), g.department, g.location, g.load_id
            FROM (SELECT department, location, MAX(load_id) AS load_id FROM stg.survey_answer WHERE department IS NOT NULL GROUP BY department, location) g
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_employee_group", "employee_group_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_employee_group e WHERE e.department = g.department AND e.location = g.location)
            """,
        ]),
        new("survey respondents", k => [Scd2Dimension.Customer.AddInferred(k, "SELECT customer_nk AS nk, load_id FROM stg.survey_answer WHERE customer_nk IS NOT NULL")]),
        new("fact_survey_response", SurveyResponses),
        new("dim_campaign", Campaigns),
        new("fact_campaign_spend", Spend),
    ];

    /// <summary>The spend report names campaigns: members inferred from UTM parameters are completed, new ones added.</summary>
    private static IEnumerable<string> Campaigns(TransformContext k)
    {
        const string latest = """
            SELECT c.campaign_id, c.campaign_name, c.channel, c.load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.campaign_id ORDER BY x.load_id DESC, x.spend_date_key DESC) AS rn FROM stg.marketing_spend x) c
            WHERE c.rn = 1
            """;
        yield return k.Dialect.UpdateFrom("dw.dim_campaign", "d",
            $"campaign_name = s.campaign_name, marketing_channel = s.channel, is_inferred = {k.False}, load_id = s.load_id",
            latest, "s", "d.campaign_id = s.campaign_id", $"d.is_inferred = {k.True} OR d.campaign_name <> s.campaign_name OR d.marketing_channel <> s.channel");
        yield return $"""
            INSERT INTO dw.dim_campaign (campaign_key, campaign_id, campaign_name, marketing_channel, utm_source, utm_medium, is_inferred, load_id)
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY s.campaign_id), s.campaign_id, s.campaign_name, s.channel, NULL, NULL, {k.False}, s.load_id
            FROM ({latest}) s
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_campaign", "campaign_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_campaign d WHERE d.campaign_id = s.campaign_id)
            """;
    }

    /// <summary>
    /// One row per campaign and day. A campaign, day and channel counts once whatever file brought it: the rows
    /// of the newest file that reported it (by load, then file name) are summed, and the same report dropped twice
    /// (spend.csv and "spend (copy).csv") in one run or in two does not double the spend.
    /// </summary>
    private static IEnumerable<string> Spend(TransformContext k) =>
    [
        """
        DELETE FROM dw.fact_campaign_spend
        WHERE EXISTS (SELECT 1 FROM stg.marketing_spend s JOIN dw.dim_campaign c ON c.campaign_id = s.campaign_id
                      WHERE c.campaign_key = dw.fact_campaign_spend.campaign_key AND s.spend_date_key = dw.fact_campaign_spend.spend_date_key)
        """,
        $"""
        INSERT INTO dw.fact_campaign_spend (campaign_key, spend_date_key, channel_key, currency_key, spend, spend_reporting, impressions, clicks, source_instance, load_id)
        SELECT a.campaign_key, a.spend_date_key, {ChannelMapping.Marketing.Key("a.channel")}, a.currency_key, a.spend, a.spend_reporting, a.impressions, a.clicks, a.source_instance, a.load_id
        FROM (
            SELECT c.campaign_key, s.spend_date_key, MIN(s.channel) AS channel, COALESCE(MIN(cur.currency_key), -1) AS currency_key,
                   SUM(s.spend) AS spend, SUM(s.spend * COALESCE(cur.rate_to_reporting, 0)) AS spend_reporting,
                   SUM(s.impressions) AS impressions, SUM(s.clicks) AS clicks, MAX(s.source_instance) AS source_instance, MAX(s.load_id) AS load_id
            FROM (SELECT x.*, DENSE_RANK() OVER (PARTITION BY x.campaign_id, x.spend_date_key, x.channel ORDER BY x.load_id DESC, COALESCE(x.source_file, '') DESC) AS file_rank
                  FROM stg.marketing_spend x) s
            JOIN dw.dim_campaign c ON c.campaign_id = s.campaign_id
            LEFT JOIN dw.dim_currency cur ON cur.currency_code = s.currency
            WHERE s.file_rank = 1
            GROUP BY c.campaign_key, s.spend_date_key
        ) a
        """,
    ];

    /// <summary>A survey's type, scale and touchpoint come from its newest answers (type 1).</summary>
    private static IEnumerable<string> Surveys(TransformContext k)
    {
        const string latest = """
            SELECT s.survey_id, s.survey_type, s.scale_min, s.scale_max, s.touchpoint, s.load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.survey_id ORDER BY x.submitted_at DESC, x.load_id DESC) AS rn FROM stg.survey_answer x) s
            WHERE s.rn = 1
            """;
        yield return k.Dialect.UpdateFrom("dw.dim_survey", "d",
            "survey_type = s.survey_type, scale_min = s.scale_min, scale_max = s.scale_max, touchpoint = s.touchpoint, load_id = s.load_id",
            latest, "s", "d.survey_id = s.survey_id",
            "d.survey_type <> s.survey_type OR d.scale_min <> s.scale_min OR d.scale_max <> s.scale_max OR d.touchpoint <> s.touchpoint");
        yield return $"""
            INSERT INTO dw.dim_survey (survey_key, survey_id, survey_name, survey_type, scale_min, scale_max, higher_is_better, touchpoint, is_inferred, load_id)
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY s.survey_id), s.survey_id, s.survey_id, s.survey_type, s.scale_min, s.scale_max, {k.True}, s.touchpoint, {k.False}, s.load_id
            FROM ({latest}) s
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_survey", "survey_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_survey d WHERE d.survey_id = s.survey_id)
            """;
    }

    private static IEnumerable<string> SurveyResponses(TransformContext k) =>
    [
        "DELETE FROM dw.fact_survey_response WHERE response_id IN (SELECT response_id FROM stg.survey_answer)",
        $"""
        INSERT INTO dw.fact_survey_response (response_id, survey_key, submitted_at, submitted_date_key, customer_key, employee_group_key, channel_key,
            order_id, ticket_id, score, choice, comment, source_instance, load_id)
        SELECT a.response_id, COALESCE(s.survey_key, -1), a.submitted_at, a.submitted_date_key, COALESCE(c.customer_key, -1), COALESCE(g.employee_group_key, -1),
               COALESCE((SELECT ch.channel_key FROM dw.dim_channel ch WHERE ch.channel_code = a.channel), -1),
               a.order_id, a.ticket_id, a.score, a.choice, a.comment, a.source_instance, a.load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.response_id ORDER BY x.load_id DESC) AS rn FROM stg.survey_answer x) a
        LEFT JOIN dw.dim_survey s ON s.survey_id = a.survey_id
        LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "a.customer_nk", "a.submitted_at")}
        LEFT JOIN dw.dim_employee_group g ON g.department = a.department AND g.location = a.location
        WHERE a.rn = 1
        """,
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
        INSERT INTO dw.fact_web_session (session_id, session_date_key, started_at, user_pseudo_id, user_id, customer_key, channel_key, campaign_key,
            traffic_source, traffic_medium, landing_page, device_category, page_views, is_engaged, is_direct, key_event_count, transaction_id,
            order_id, is_converted, source_instance, load_id)
        SELECT s.session_id, s.session_date_key, s.started_at, s.user_pseudo_id, s.user_id, COALESCE(c.customer_key, -1),
               {ChannelMapping.WebMedium.Key("s.traffic_medium")}, COALESCE(cp.campaign_key, -1),
               s.traffic_source, s.traffic_medium, s.landing_page, s.device_category, s.page_views, s.is_engaged,
               CASE WHEN s.traffic_source = '(direct)' AND s.traffic_medium IN ('(none)', '(not set)') THEN {k.True} ELSE {k.False} END,
               s.key_event_count, s.transaction_id,
               o.order_id,
               CASE WHEN s.transaction_id IS NULL THEN {k.False} ELSE {k.True} END, s.source_instance, s.load_id
        FROM ({LatestSessions}) s
        LEFT JOIN dw.customer_source_map m ON m.source_system = 'shopify' AND m.source_customer_id = s.user_id
        LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "m.customer_id", "s.started_at")}
        LEFT JOIN dw.dim_campaign cp ON {CampaignDimension.Match("cp", "s.campaign")}
        LEFT JOIN (SELECT DISTINCT order_id FROM dw.fact_order_line) o ON o.order_id = s.transaction_id
        """,
    ];

    private static IEnumerable<string> SessionGoals(TransformContext k) =>
    [
        "DELETE FROM dw.fact_session_goal WHERE session_id IN (SELECT session_id FROM stg.web_session)",
        """
        INSERT INTO dw.fact_session_goal (session_id, goal_name, session_date_key, channel_key, campaign_key, source_instance, load_id)
        SELECT g.session_id, g.goal_name, f.session_date_key, f.channel_key, f.campaign_key, MAX(g.source_instance), MAX(g.load_id)
        FROM stg.web_session g JOIN dw.fact_web_session f ON f.session_id = g.session_id
        WHERE g.goal_name IS NOT NULL
        GROUP BY g.session_id, g.goal_name, f.session_date_key, f.channel_key, f.campaign_key
        """,
    ];
}
