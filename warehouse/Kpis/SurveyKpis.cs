namespace Warehouse.Kpis;

/// <summary>Survey KPIs: NPS, CSAT (with the helpdesk ratings), CES, PMF and eNPS.</summary>
internal static class SurveyKpis
{
    /// <summary>Answers of one survey type, with the respondent's segment and the answer's channel and touchpoint.</summary>
    private static string Answers(string type, string measures) => $"""
        SELECT f.submitted_date_key AS date_key, f.response_id, {measures},
               CASE WHEN f.score IS NULL AND f.choice IS NULL THEN 0 ELSE 1 END AS answered,
               CASE WHEN s.touchpoint = 'relationship' THEN 'relational' ELSE 'transactional' END AS survey_kind,
               s.touchpoint, ch.channel_name AS channel, c.segment, g.department, g.location, f.source_instance AS instance
        FROM dw.fact_survey_response f
        JOIN dw.dim_survey s ON s.survey_key = f.survey_key
        JOIN dw.dim_channel ch ON ch.channel_key = f.channel_key
        JOIN dw.dim_customer c ON c.customer_key = f.customer_key
        JOIN dw.dim_employee_group g ON g.employee_group_key = f.employee_group_key
        WHERE s.survey_type = '{type}'
        """;

    private const string NpsMeasures =
        "CASE WHEN f.score >= 9 THEN 1 ELSE 0 END AS promoter, CASE WHEN f.score > 6 AND f.score < 9 THEN 1 ELSE 0 END AS passive, CASE WHEN f.score <= 6 THEN 1 ELSE 0 END AS detractor";

    private static readonly IReadOnlyList<(string, string)> NpsCounts = [("promoters", "SUM(promoter)"), ("passives", "SUM(passive)"), ("detractors", "SUM(detractor)")];

    /// <summary>Skipped questions (a blank or a not-applicable code): shown beside the KPI, in no numerator or denominator.</summary>
    private static readonly (string, string) Skipped = ("skipped", "SUM(1 - answered)");

    /// <summary>0–10 answers; relational and transactional surveys apart in the survey_kind slice; flagged under Warehouse:Kpis:NpsLowSampleSize answers (30).</summary>
    public static readonly KpiDefinition Nps = new()
    {
        Code = "nps",
        Name = "Net promoter score",
        Description = "% promoters (9–10) − % detractors (0–6) of 0–10 answers; relational and transactional apart (slice survey_kind).",
        AcrossPeriods = "adds up; `is_low_sample` is per row",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Score,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_survey_response"],
        Numerator = "SUM(promoter) - SUM(detractor)",
        Denominator = "SUM(answered)",
        Scale = 100,
        Slices = [KpiSlice.SurveyKind, KpiSlice.Touchpoint, KpiSlice.Channel, KpiSlice.Segment, KpiSlice.Instance],
        Extras = [.. NpsCounts, Skipped, ("is_low_sample", "CASE WHEN SUM(answered) < {low_sample} THEN 1 ELSE 0 END")],
        Terms = k => new Dictionary<string, string> { ["low_sample"] = k.Settings.Kpis.NpsLowSampleSize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        Base = _ => Answers("NPS", NpsMeasures) + " AND s.scale_min = 0 AND s.scale_max = 10",
    };

    /// <summary>
    /// Satisfied = the top two boxes of the survey's scale (4–5 of 1–5, 9–10 of 1–10, 4–5 of 0–5); helpdesk
    /// ratings count good as satisfied and bad as not, "offered" left out; in the period the answer was given.
    /// </summary>
    /// <summary>
    /// Helpdesk ratings (dw.fact_satisfaction_rating.score, alias r): Zendesk's good / bad, and a 1–5 rating such as
    /// Intercom's, whose 4 and 5 are satisfied as a survey's top two boxes are. Offered and unoffered are no answer.
    /// </summary>
    internal const string RatingAnswered = "r.score IN ('good', 'bad', '1', '2', '3', '4', '5')";

    internal const string RatingSatisfied = "CASE WHEN r.score IN ('good', '4', '5') THEN 1 ELSE 0 END";

    internal const string RatingScore0To100 = "CASE r.score WHEN 'good' THEN 100.0 WHEN '5' THEN 100.0 WHEN '4' THEN 75.0 WHEN '3' THEN 50.0 WHEN '2' THEN 25.0 ELSE 0.0 END";

    public static readonly KpiDefinition Csat = new()
    {
        Code = "csat",
        Name = "Customer satisfaction",
        Description = "Share of satisfied answers: survey top two boxes, helpdesk good / (good + bad) or 4–5 of a 1–5 rating, offered excluded; mean score 0–100 beside it.",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_satisfaction_rating", "fact_survey_response"],
        Numerator = "SUM(satisfied)",
        Denominator = "SUM(answered)",
        Scale = 100,
        Slices = [KpiSlice.Agent, KpiSlice.Team, KpiSlice.Channel, KpiSlice.Touchpoint],
        Extras = [("score_0_100_sum", "SUM(score_0_100)"), Skipped],
        Base = k => $"""
            SELECT r.rated_date_key AS date_key, {RatingSatisfied} AS satisfied,
                   {RatingScore0To100} AS score_0_100, 1 AS answered,
                   a.agent_name AS agent, a.team, ch.channel_name AS channel, 'after_ticket' AS touchpoint
            FROM dw.fact_satisfaction_rating r
            JOIN dw.dim_agent a ON a.agent_key = r.agent_key
            JOIN dw.dim_channel ch ON ch.channel_key = r.channel_key
            WHERE {RatingAnswered}
              AND NOT EXISTS (SELECT 1 FROM dw.fact_ticket t WHERE t.ticket_id = r.ticket_id AND (t.is_deleted = {k.True} OR t.is_merged = {k.True}))
            UNION ALL
            SELECT f.submitted_date_key, CASE WHEN f.score >= s.scale_max - 1 THEN 1 ELSE 0 END,
                   (f.score - s.scale_min) * 100.0 / NULLIF(s.scale_max - s.scale_min, 0), CASE WHEN f.score IS NULL THEN 0 ELSE 1 END,
                   a.agent_name, a.team, ch.channel_name, s.touchpoint
            FROM dw.fact_survey_response f
            JOIN dw.dim_survey s ON s.survey_key = f.survey_key
            JOIN dw.dim_channel ch ON ch.channel_key = f.channel_key
            LEFT JOIN dw.fact_ticket t ON t.ticket_id = f.ticket_id
            LEFT JOIN dw.dim_agent a ON a.agent_key = t.agent_key
            WHERE s.survey_type = 'CSAT'
            """,
    };

    /// <summary>Mean score on the survey's own scale; "easy" = the top three boxes of a 1–7 agreement scale.</summary>
    public static readonly KpiDefinition Ces = new()
    {
        Code = "ces",
        Name = "Customer effort score",
        Description = "Mean score of CES answers on the survey's own scale; the count of easy answers (top three boxes) beside it.",
        AcrossPeriods = "adds up (mean score on the survey's scale)",
        Area = KpiArea.Engagement,
        Unit = KpiUnit.Score,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_survey_response"],
        Numerator = "SUM(score)",
        Denominator = "SUM(answered)",
        Slices = [KpiSlice.Touchpoint, KpiSlice.Channel, KpiSlice.Instance],
        Extras = [("easy_answers", "SUM(easy)"), Skipped],
        Base = _ => Answers("CES", "f.score, CASE WHEN f.score >= s.scale_max - 2 THEN 1 ELSE 0 END AS easy"),
    };

    public static readonly KpiDefinition Pmf = new()
    {
        Code = "pmf",
        Name = "Product-market fit score",
        Description = "Share of \"very disappointed\" answers to \"How would you feel if you could no longer use the product?\" (benchmark 40 %).",
        Area = KpiArea.Product,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_survey_response"],
        Numerator = "SUM(very_disappointed)",
        Denominator = "SUM(answered)",
        Scale = 100,
        Slices = [KpiSlice.Segment, KpiSlice.Instance],
        Extras = [Skipped],
        Base = _ => Answers("PMF", "CASE WHEN f.choice = 'very_disappointed' THEN 1 ELSE 0 END AS very_disappointed"),
    };

    /// <summary>Anonymous: department and location only; any group under the minimum size shows no figures.</summary>
    public static readonly KpiDefinition Enps = new()
    {
        Code = "enps",
        Name = "Employee NPS",
        Description = "NPS of the employee survey; groups with fewer than 5 answers (configurable) are suppressed.",
        AcrossPeriods = "monthly only. A group (a department, a location, or the whole month) with fewer answers than `Warehouse:Kpis:EnpsMinGroupSize` (5) has no numerator or denominator, so a sum over months leaves those months out. Never build a total from department or location rows: use the `all` row",
        Area = KpiArea.Employees,
        Unit = KpiUnit.Score,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_survey_response"],
        Numerator = "SUM(promoter) - SUM(detractor)",
        Denominator = "SUM(answered)",
        Scale = 100,
        Slices = [KpiSlice.Department, KpiSlice.Location],
        Grains = [KpiGrain.Month],
        Extras = [.. NpsCounts, Skipped],
        MinimumGroupSize = k => k.Kpis.EnpsMinGroupSize,
        Base = _ => Answers("ENPS", NpsMeasures),
    };
}
