using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.ZendeskRecords;

namespace Warehouse.Tests.Helpdesk;

/// <summary>
/// Five tickets in March 2026 under the default schedule (Monday–Friday 09:00–17:00 UTC), with values
/// worked out by hand. Agents: Ana (100, Tier 1), Ben (101, Tier 2); requesters 200 and 201.
/// SLA: normal first reply 60, requester wait 480; high first reply 30 (business minutes).
/// <list type="bullet">
/// <item>T1 normal, email, Ana: created Mon 2 09:00, reply 09:30, solved 10:00. 1 reply.</item>
/// <item>T2 high, web, Ben: created Mon 2 16:00, reply Tue 10:00 (1080 cal / 120 business: breached), solved Tue 11:00,
///   reopened Wed 09:00, reply and solved Wed 10:00: 2 replies, 2 solves, 42 h calendar / 10 h business to the last solve.</item>
/// <item>T3 normal, chat, Ana: created Tue 3 09:00, private note 09:15, replies 09:20 and 09:45, solved 12:00 (3 h).</item>
/// <item>T4 normal, email, Ana: replied and solved, then deleted at the source: counts nowhere.</item>
/// <item>T5 low, email, Ben: created Wed 4 09:00, no reply yet.</item>
/// </list>
/// Ratings: T1 good, T2 bad, T3 good, T4 good (deleted ticket), T5 offered.
/// </summary>
internal static class HelpdeskScenario
{
    public static DateTime At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, DateTimeKind.Utc);

    public static void Fill(ZendeskTestSource desk)
    {
        desk.Groups.AddRange([Group(1, "Tier 1"), Group(2, "Tier 2")]);
        desk.Users.AddRange([Agent(100, "Ana", 1), Agent(101, "Ben", 2), EndUser(200, "a@example.com"), EndUser(201, "b@example.com")]);
        desk.SlaPolicies.Add(SlaPolicy(1, ("normal", "first_reply_time", 60), ("normal", "requester_wait_time", 480), ("high", "first_reply_time", 30)));

        desk.Tickets.Add(Ticket(1, At(2, 9), At(2, 10), "solved", "normal", "email", 200, 100, 1));
        desk.Audits.Add(Audit(11, 1, At(2, 9), 200, ("status", "new", null), ("comment", "200", "true")));
        desk.Audits.Add(Audit(12, 1, At(2, 9, 30), 100, ("comment", "100", "true"), ("status", "pending", "new")));
        desk.Audits.Add(Audit(13, 1, At(2, 10), 100, ("status", "solved", "pending")));

        desk.Tickets.Add(Ticket(2, At(2, 16), At(4, 10), "solved", "high", "web", 201, 101, 2));
        desk.Audits.Add(Audit(21, 2, At(2, 16), 201, ("status", "new", null), ("comment", "201", "true")));
        desk.Audits.Add(Audit(22, 2, At(3, 10), 101, ("comment", "101", "true"), ("status", "open", "new")));
        desk.Audits.Add(Audit(23, 2, At(3, 11), 101, ("status", "solved", "open")));
        desk.Audits.Add(Audit(24, 2, At(4, 9), 201, ("status", "open", "solved"), ("comment", "201", "true")));
        desk.Audits.Add(Audit(25, 2, At(4, 10), 101, ("comment", "101", "true"), ("status", "solved", "open")));

        desk.Tickets.Add(Ticket(3, At(3, 9), At(3, 12), "solved", "normal", "chat", 200, 100, 1));
        desk.Audits.Add(Audit(31, 3, At(3, 9), 200, ("status", "new", null), ("comment", "200", "true")));
        desk.Audits.Add(Audit(32, 3, At(3, 9, 15), 100, ("comment", "100", "false")));
        desk.Audits.Add(Audit(33, 3, At(3, 9, 20), 100, ("comment", "100", "true")));
        desk.Audits.Add(Audit(34, 3, At(3, 9, 45), 100, ("comment", "100", "true")));
        desk.Audits.Add(Audit(35, 3, At(3, 12), 100, ("status", "solved", "open")));

        desk.Tickets.Add(Ticket(4, At(3, 10), At(5, 10), "deleted", "normal", "email", 200, 100, 1));
        desk.Audits.Add(Audit(41, 4, At(3, 10), 200, ("status", "new", null), ("comment", "200", "true")));
        desk.Audits.Add(Audit(42, 4, At(3, 10, 10), 100, ("comment", "100", "true")));
        desk.Audits.Add(Audit(43, 4, At(3, 10, 20), 100, ("status", "solved", "open")));

        desk.Tickets.Add(Ticket(5, At(4, 9), At(4, 9), "new", "low", "email", 201, 101, 2));
        desk.Audits.Add(Audit(51, 5, At(4, 9), 201, ("status", "new", null), ("comment", "201", "true")));

        desk.Ratings.AddRange([Rating(1, 1, "good", At(2, 12), 200, 100), Rating(2, 2, "bad", At(4, 12), 201, 101), Rating(3, 3, "good", At(3, 13), 200, 100),
            Rating(4, 4, "good", At(3, 11), 200, 100), Rating(5, 5, "offered", At(4, 10), 201, 101)]);
    }
}
