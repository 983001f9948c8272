using Warehouse.Etl.Transforms;
using Warehouse.Schema.Dw;

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
            InsertByName.Into<DimEmployeeGroup>($"""
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY g.department, g.location) AS employee_group_key, g.department AS department, g.location AS location, g.load_id AS load_id
            FROM (SELECT department, location, MAX(load_id) AS load_id FROM stg.survey_answer WHERE department IS NOT NULL GROUP BY department, location) g
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_employee_group", "employee_group_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_employee_group e WHERE e.department = g.department AND e.location = g.location)
            """),
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
        yield return InsertByName.Into<DimCampaign>($"""
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY s.campaign_id) AS campaign_key, s.campaign_id AS campaign_id, s.campaign_name AS campaign_name, s.channel AS marketing_channel, {k.False} AS is_inferred, s.load_id AS load_id
            FROM ({latest}) s
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_campaign", "campaign_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_campaign d WHERE d.campaign_id = s.campaign_id)
            """, "utm_source", "utm_medium");
    }

    /// <summary>
    /// One row per campaign, day, reported channel and source instance: spend reported by Google one run and by
    /// Meta the next, or by two instances, adds up. Within one of those keys the newest file counts (by load, then
    /// read order), so a restated report replaces only its own rows and the same report dropped twice (spend.csv
    /// and "spend (copy).csv") in one run or in two does not double the spend; the rows of that file are summed.
    /// </summary>
    private static IEnumerable<string> Spend(TransformContext k) =>
    [
        """
        DELETE FROM dw.fact_campaign_spend
        WHERE EXISTS (SELECT 1 FROM stg.marketing_spend s JOIN dw.dim_campaign c ON c.campaign_id = s.campaign_id
                      WHERE c.campaign_key = dw.fact_campaign_spend.campaign_key AND s.spend_date_key = dw.fact_campaign_spend.spend_date_key
                        AND s.channel = dw.fact_campaign_spend.reported_channel AND s.source_instance = dw.fact_campaign_spend.source_instance)
        """,
        InsertByName.Into<FactCampaignSpend>($"""
        SELECT a.campaign_key AS campaign_key, a.spend_date_key AS spend_date_key, a.channel AS reported_channel, {ChannelMapping.Marketing.Key("a.channel")} AS channel_key, a.currency_key AS currency_key, a.spend AS spend, a.spend_reporting AS spend_reporting, a.impressions AS impressions, a.clicks AS clicks, a.source_instance AS source_instance, a.load_id AS load_id
        FROM (
            SELECT c.campaign_key, s.spend_date_key, s.channel, s.source_instance, COALESCE(MIN(cur.currency_key), -1) AS currency_key,
                   SUM(s.spend) AS spend, SUM(s.spend * COALESCE(cur.rate_to_reporting, 0)) AS spend_reporting,
                   SUM(s.impressions) AS impressions, SUM(s.clicks) AS clicks, MAX(s.load_id) AS load_id
            FROM (SELECT y.*, DENSE_RANK() OVER (PARTITION BY y.campaign_id, y.spend_date_key, y.channel, y.source_instance ORDER BY y.load_id DESC, y.file_order DESC) AS file_rank
                  FROM (SELECT x.*, MAX(COALESCE(x.source_row, 0)) OVER (PARTITION BY x.load_id, x.source_instance, x.source_file) AS file_order FROM stg.marketing_spend x) y) s
            JOIN dw.dim_campaign c ON c.campaign_id = s.campaign_id
            LEFT JOIN dw.dim_currency cur ON cur.currency_code = s.currency
            WHERE s.file_rank = 1
            GROUP BY c.campaign_key, s.spend_date_key, s.channel, s.source_instance
        ) a
        """),
    ];

    /// <summary>A survey's type, scale and touchpoint come from its newest answers (type 1).</summary>
    private static IEnumerable<string> Surveys(TransformContext k)
    {
        const string latest = """
            SELECT s.survey_id, s.survey_type, s.scale_min, s.scale_max, s.touchpoint, s.load_id
            FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.survey_id ORDER BY x.submitted_at DESC, x.load_id DESC, x.source_row DESC) AS rn FROM stg.survey_answer x) s
            WHERE s.rn = 1
            """;
        yield return k.Dialect.UpdateFrom("dw.dim_survey", "d",
            "survey_type = s.survey_type, scale_min = s.scale_min, scale_max = s.scale_max, touchpoint = s.touchpoint, load_id = s.load_id",
            latest, "s", "d.survey_id = s.survey_id",
            "d.survey_type <> s.survey_type OR d.scale_min <> s.scale_min OR d.scale_max <> s.scale_max OR d.touchpoint <> s.touchpoint");
        yield return InsertByName.Into<DimSurvey>($"""
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY s.survey_id) AS survey_key, s.survey_id AS survey_id, s.survey_id AS survey_name, s.survey_type AS survey_type, s.scale_min AS scale_min, s.scale_max AS scale_max, {k.True} AS higher_is_better, s.touchpoint AS touchpoint, {k.False} AS is_inferred, s.load_id AS load_id
            FROM ({latest}) s
            CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_survey", "survey_key")} m
            WHERE NOT EXISTS (SELECT 1 FROM dw.dim_survey d WHERE d.survey_id = s.survey_id)
            """);
    }

    private static IEnumerable<string> SurveyResponses(TransformContext k) =>
    [
        "DELETE FROM dw.fact_survey_response WHERE response_id IN (SELECT response_id FROM stg.survey_answer)",
        InsertByName.Into<FactSurveyResponse>($"""
        SELECT a.response_id AS response_id, COALESCE(s.survey_key, -1) AS survey_key, a.submitted_at AS submitted_at, a.submitted_date_key AS submitted_date_key, COALESCE(c.customer_key, -1) AS customer_key, COALESCE(g.employee_group_key, -1) AS employee_group_key,
               COALESCE((SELECT ch.channel_key FROM dw.dim_channel ch WHERE ch.channel_code = a.channel), -1) AS channel_key,
               a.order_id AS order_id, a.ticket_id AS ticket_id, a.score AS score, a.choice AS choice, a.comment AS comment, a.source_instance AS source_instance, a.load_id AS load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.response_id ORDER BY x.load_id DESC, x.source_row DESC) AS rn FROM stg.survey_answer x) a
        LEFT JOIN dw.dim_survey s ON s.survey_id = a.survey_id
        LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "a.customer_nk", "a.submitted_at")}
        LEFT JOIN dw.dim_employee_group g ON g.department = a.department AND g.location = a.location
        WHERE a.rn = 1
        """),
    ];

    // The latest copy of a session wins (later load, then later in the run's read order): its fields and its goals.
    private const string LatestSessions = """
        SELECT x.* FROM (
            SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.session_id ORDER BY s.load_id DESC, s.source_row DESC, s.goal_name) AS rn FROM stg.web_session s
        ) x WHERE x.rn = 1
        """;

    private static IEnumerable<string> WebSessions(TransformContext k) =>
    [
        "DELETE FROM dw.fact_web_session WHERE session_id IN (SELECT session_id FROM stg.web_session)",
        InsertByName.Into<FactWebSession>($"""
        SELECT s.session_id AS session_id, s.session_date_key AS session_date_key, s.started_at AS started_at, s.user_pseudo_id AS user_pseudo_id, s.user_id AS user_id, COALESCE(c.customer_key, -1) AS customer_key,
               {ChannelMapping.WebMedium.Key("s.traffic_medium")} AS channel_key, COALESCE(cp.campaign_key, -1) AS campaign_key,
               s.traffic_source AS traffic_source, s.traffic_medium AS traffic_medium, s.landing_page AS landing_page, s.device_category AS device_category, s.page_views AS page_views, s.is_engaged AS is_engaged,
               CASE WHEN s.traffic_source = '(direct)' AND s.traffic_medium IN ('(none)', '(not set)') THEN {k.True} ELSE {k.False} END AS is_direct,
               s.key_event_count AS key_event_count, s.transaction_id AS transaction_id,
               o.order_id AS order_id,
               CASE WHEN s.transaction_id IS NULL THEN {k.False} ELSE {k.True} END AS is_converted, s.source_instance AS source_instance, s.load_id AS load_id
        FROM ({LatestSessions}) s
        LEFT JOIN dw.customer_source_map m ON m.source_system = 'shopify' AND m.source_customer_id = s.user_id
        LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "m.customer_id", "s.started_at")}
        LEFT JOIN dw.dim_campaign cp ON {CampaignDimension.Match("cp", "s.campaign")}
        LEFT JOIN (SELECT DISTINCT order_id FROM dw.fact_order_line) o ON o.order_id = s.transaction_id
        """),
    ];

    private static IEnumerable<string> SessionGoals(TransformContext k) =>
    [
        "DELETE FROM dw.fact_session_goal WHERE session_id IN (SELECT session_id FROM stg.web_session)",
        InsertByName.Into<FactSessionGoal>("""
        SELECT g.session_id AS session_id, g.goal_name AS goal_name, f.session_date_key AS session_date_key, f.channel_key AS channel_key, f.campaign_key AS campaign_key, MAX(g.source_instance) AS source_instance, MAX(g.load_id) AS load_id
        FROM (SELECT s.*, MAX(COALESCE(s.source_row, 0)) OVER (PARTITION BY s.session_id, s.load_id) AS latest_row FROM stg.web_session s) g
        JOIN dw.fact_web_session f ON f.session_id = g.session_id AND f.load_id = g.load_id
        WHERE g.goal_name IS NOT NULL AND COALESCE(g.source_row, 0) = g.latest_row
        GROUP BY g.session_id, g.goal_name, f.session_date_key, f.channel_key, f.campaign_key
        """),
    ];
}
