namespace Warehouse.Kpis;

/// <summary>
/// Helpdesk KPIs (retention and experience area). Tickets deleted at the source or closed by a merge
/// count in none of them; "solved" means solved or closed. Durations come from seconds / 60.
/// </summary>
internal static class HelpdeskKpis
{
    public static IEnumerable<KpiDefinition> All => [AvgResolutionTime, FirstReplyTime, OneTouchResolution, ReopenRate, SlaBreachRate];

    private static readonly IReadOnlyList<KpiSlice> TicketSlices = [KpiSlice.Agent, KpiSlice.Team, KpiSlice.Priority, KpiSlice.Channel, KpiSlice.Instance];

    /// <summary>One row per ticket that counts in helpdesk KPIs, dated by <paramref name="dateKey"/>.</summary>
    private static string Tickets(KpiContext k, string dateKey, string where) => $"""
        SELECT t.{dateKey} AS date_key, t.ticket_id,
               t.full_resolution_minutes / 60.0 AS resolution_hours, t.full_resolution_business_minutes / 60.0 AS resolution_business_hours,
               t.first_resolution_minutes / 60.0 AS first_resolution_hours,
               t.first_reply_minutes AS reply_minutes, t.first_reply_business_minutes AS reply_business_minutes,
               CASE WHEN t.public_agent_reply_count = 1 THEN 1 ELSE 0 END AS one_touch,
               CASE WHEN t.reopen_count > 0 THEN 1 ELSE 0 END AS reopened,
               CASE WHEN t.is_sla_first_reply_breached = {k.True} OR t.is_sla_resolution_breached = {k.True} THEN 1 ELSE 0 END AS breached,
               a.agent_name AS agent, a.team, ta.priority, ch.channel_name AS channel, t.source_instance AS instance
        FROM dw.fact_ticket t
        JOIN dw.dim_agent a ON a.agent_key = t.agent_key
        JOIN dw.dim_ticket_attribute ta ON ta.ticket_attribute_key = t.ticket_attribute_key
        JOIN dw.dim_channel ch ON ch.channel_key = t.channel_key
        WHERE t.is_deleted = {k.False} AND t.is_merged = {k.False} AND {where}
        """;

    private static string Solved(KpiContext k) => Tickets(k, "solved_date_key", "t.last_solved_at IS NOT NULL");

    public static readonly KpiDefinition AvgResolutionTime = new()
    {
        Code = "avg_resolution_time",
        Name = "Average resolution time",
        Description = "Mean hours from ticket creation to the last solve, for tickets solved in the period; median, business hours and first resolution beside it.",
        AcrossPeriods = "the mean adds up; the medians do not",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Hours,
        Direction = KpiDirection.LowerIsBetter,
        Facts = ["fact_ticket"],
        Numerator = "SUM(resolution_hours)",
        Denominator = "COUNT(*)",
        Slices = TicketSlices,
        Extras = [("business_hours_sum", "SUM(resolution_business_hours)"), ("first_resolution_hours_sum", "SUM(first_resolution_hours)")],
        Medians = [("median_hours", "resolution_hours"), ("median_business_hours", "resolution_business_hours")],
        Variant = "First resolution (to the first solve): first_resolution_hours_sum / denominator.",
        Base = Solved,
    };

    public static readonly KpiDefinition FirstReplyTime = new()
    {
        Code = "first_reply_time",
        Name = "First reply time",
        Description = "Mean minutes from ticket creation to the first public agent reply, for tickets created in the period that have one.",
        AcrossPeriods = "the mean adds up; the medians do not",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Minutes,
        Direction = KpiDirection.LowerIsBetter,
        Facts = ["fact_ticket"],
        Numerator = "SUM(reply_minutes)",
        Denominator = "COUNT(*)",
        Slices = TicketSlices,
        Extras = [("business_minutes_sum", "SUM(reply_business_minutes)")],
        Medians = [("median_minutes", "reply_minutes"), ("median_business_minutes", "reply_business_minutes")],
        Base = k => Tickets(k, "created_date_key", "t.first_reply_at IS NOT NULL"),
    };

    public static readonly KpiDefinition OneTouchResolution = new()
    {
        Code = "one_touch_resolution",
        Name = "One-touch resolution",
        Description = "Tickets solved in the period (by last solve) with exactly one public agent reply / tickets solved in the period.",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.HigherIsBetter,
        Facts = ["fact_ticket"],
        Numerator = "SUM(one_touch)",
        Denominator = "COUNT(*)",
        Scale = 100,
        Slices = TicketSlices,
        Base = Solved,
    };

    public static readonly KpiDefinition ReopenRate = new()
    {
        Code = "reopen_rate",
        Name = "Reopen rate",
        Description = "Solved tickets that were reopened (solved more than once) / solved tickets, by last solve in the period.",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.LowerIsBetter,
        Facts = ["fact_ticket"],
        Numerator = "SUM(reopened)",
        Denominator = "COUNT(*)",
        Scale = 100,
        Slices = TicketSlices,
        Base = Solved,
    };

    public static readonly KpiDefinition SlaBreachRate = new()
    {
        Code = "sla_breach_rate",
        Name = "SLA breach rate",
        Description = "Tickets whose first reply or resolution exceeded the target for their priority / tickets with a target, by creation in the period.",
        Area = KpiArea.Retention,
        Unit = KpiUnit.Percent,
        Direction = KpiDirection.LowerIsBetter,
        Facts = ["fact_ticket"],
        Numerator = "SUM(breached)",
        Denominator = "COUNT(*)",
        Scale = 100,
        Slices = TicketSlices,
        Base = k => Tickets(k, "created_date_key", "(t.sla_first_reply_target_minutes IS NOT NULL OR t.sla_resolution_target_minutes IS NOT NULL)"),
    };
}
