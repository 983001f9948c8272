using Warehouse.Kpis;

namespace Warehouse.Etl.Transforms;

/// <summary>
/// The milestones of the ticket accumulating snapshot (first reply, first and last solve, closed, reopens, with
/// calendar and business durations) from dw.fact_ticket_event, the same for every helpdesk source.
/// </summary>
public static class TicketMilestones
{
    /// <summary>
    /// A public agent reply is a public comment by an agent after the ticket's first comment (the request
    /// itself). A solve is a change to solved, or to closed from anything but solved. <paramref name="affected"/>
    /// selects the ticket_id of the tickets a batch touched: their milestones are recomputed from all of their events.
    /// </summary>
    public static IEnumerable<string> Update(TransformContext k, string affected)
    {
        var d = k.Dialect;
        var milestones = $"""
            SELECT x.ticket_id,
                   MIN(CASE WHEN x.is_reply = 1 THEN x.event_at END) AS first_reply_at,
                   MIN(CASE WHEN x.is_solve = 1 THEN x.event_at END) AS first_solved_at,
                   MAX(CASE WHEN x.is_solve = 1 THEN x.event_at END) AS last_solved_at,
                   MAX(CASE WHEN x.is_solve = 1 THEN x.event_date_key END) AS solved_date_key,
                   MAX(CASE WHEN x.event_kind = 'status' AND x.status = 'closed' THEN x.event_at END) AS closed_at,
                   SUM(x.is_solve) AS solve_count, SUM(x.is_reply) AS reply_count
            FROM (
                SELECT ev.ticket_id, ev.event_at, ev.event_date_key, ev.event_kind, ev.status,
                       CASE WHEN ev.event_kind = 'comment' AND ev.is_public = {k.True} AND ev.is_agent_author = {k.True} AND ev.event_at > fc.first_comment_at THEN 1 ELSE 0 END AS is_reply,
                       CASE WHEN ev.event_kind = 'status' AND (ev.status = 'solved' OR (ev.status = 'closed' AND COALESCE(ev.previous_status, '') <> 'solved')) THEN 1 ELSE 0 END AS is_solve
                FROM dw.fact_ticket_event ev
                LEFT JOIN (SELECT ticket_id, MIN(event_at) AS first_comment_at FROM dw.fact_ticket_event WHERE event_kind = 'comment' AND ticket_id IN ({affected}) GROUP BY ticket_id) fc ON fc.ticket_id = ev.ticket_id
                WHERE ev.ticket_id IN ({affected})
            ) x
            GROUP BY x.ticket_id
            """;
        var set = string.Join(", ",
            "first_reply_at = e.first_reply_at", "first_solved_at = e.first_solved_at", "last_solved_at = e.last_solved_at",
            "solved_date_key = COALESCE(e.solved_date_key, -1)", "closed_at = e.closed_at", "solve_count = e.solve_count",
            "reopen_count = CASE WHEN e.solve_count > 1 THEN e.solve_count - 1 ELSE 0 END", "public_agent_reply_count = e.reply_count",
            Durations(d, "e.first_reply_at", "e.first_solved_at", "e.last_solved_at"));
        yield return d.UpdateFrom("dw.fact_ticket", "f", set, milestones, "e", "f.ticket_id = e.ticket_id", "1 = 1");
    }

    /// <summary>The six duration assignments of a fact_ticket update (alias f) from its milestones, in calendar and business minutes.</summary>
    public static string Durations(Engines.SqlDialect d, string firstReply, string firstSolved, string lastSolved) => string.Join(", ",
        $"first_reply_minutes = {BusinessTime.CalendarMinutesBetween(d, "f.created_at", firstReply)}",
        $"first_reply_business_minutes = {BusinessTime.MinutesBetween(d, "f.created_at", firstReply)}",
        $"first_resolution_minutes = {BusinessTime.CalendarMinutesBetween(d, "f.created_at", firstSolved)}",
        $"first_resolution_business_minutes = {BusinessTime.MinutesBetween(d, "f.created_at", firstSolved)}",
        $"full_resolution_minutes = {BusinessTime.CalendarMinutesBetween(d, "f.created_at", lastSolved)}",
        $"full_resolution_business_minutes = {BusinessTime.MinutesBetween(d, "f.created_at", lastSolved)}");
}
