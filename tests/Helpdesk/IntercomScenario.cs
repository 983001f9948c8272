using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.IntercomRecords;

namespace Warehouse.Tests.Helpdesk;

/// <summary>
/// Five Intercom conversations in March 2026 under the default schedule (Monday–Friday 09:00–17:00 UTC), the
/// same timings as <see cref="HelpdeskScenario"/>'s Zendesk tickets, worked out by hand. Admins: Ana (300, Tier 1),
/// Ben (301, Tier 2); the bot Fin (900) is no agent. Contacts: c200 (a user) and c201 (a lead).
/// <list type="bullet">
/// <item>C1, Ana: opened Mon 2 09:00, Fin answers 09:05, Ana replies 09:30, closes 10:00. 1 reply. Rated 5.</item>
/// <item>C2, Ben, priority: opened Mon 2 16:00, reply Tue 10:00 (1080 calendar / 120 business minutes), closed Tue 11:00, closed
///   again Tue 11:01 (no change), the customer writes Wed 09:00 (reopens), Ben replies and closes Wed 10:00: 2 replies,
///   2 solves, 42 h calendar / 10 h business to the last close. Rated 2.</item>
/// <item>C3, Ana: opened Tue 3 09:00, note 09:15, replies 09:20 and 09:45, closed 12:00 (3 h). Unrated.</item>
/// <item>C5, Ben: opened Wed 4 09:00, open, no reply.</item>
/// </list>
/// </summary>
internal static class IntercomScenario
{
    public static DateTime At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, DateTimeKind.Utc);

    public static void Fill(IntercomTestSource desk, int c2Rating = 2)
    {
        desk.Teams.AddRange([Team(10, "Tier 1"), Team(11, "Tier 2")]);
        desk.Admins.AddRange([Admin(300, "Ana", 10), Admin(301, "Ben", 11)]);
        desk.Companies.AddRange([Company("6762f0971bb69f9f2193bb2b", "Acme Corp", "acme.example", At(1, 8)), Company("6762f0971bb69f9f2193bb2c", "Globex", null, At(1, 8)), Company("6762f0971bb69f9f2193bb2d", "Initech", "initech.example", At(1, 9))]);
        desk.Contacts.AddRange([Contact("c200", "user", "A@Example.com ", At(1, 8)), Contact("c201", "lead", "lead@example.com", At(1, 8))]);
        desk.Conversations.Add(Conversation(1001, At(2, 9), At(2, 10, 30), "closed", "c200", 300, 10,
            [Part(1, "comment", "bot", "900", At(2, 9, 5)), Part(2, "comment", "admin", "300", At(2, 9, 30)), Part(3, "close", "admin", "300", At(2, 10))],
            rating: (5, At(2, 10, 30), "Quick, thanks")));
        desk.Conversations.Add(Conversation(1002, At(2, 16), At(4, 11), "closed", "c201", 301, 11,
            [Part(4, "comment", "admin", "301", At(3, 10)), Part(5, "close", "admin", "301", At(3, 11)), Part(6, "close", "admin", "301", At(3, 11, 1)),
             Part(7, "comment", "lead", "c201", At(4, 9)), Part(8, "comment", "admin", "301", At(4, 10)), Part(9, "close", "admin", "301", At(4, 10))],
            rating: (c2Rating, At(4, 11), "Slow"), priority: "priority", sourceType: "email"));
        desk.Conversations.Add(Conversation(1003, At(3, 9), At(3, 12), "closed", "c200", 300, 10,
            [Part(10, "note", "admin", "300", At(3, 9, 15)), Part(11, "comment", "admin", "300", At(3, 9, 20)), Part(12, "comment", "admin", "300", At(3, 9, 45)), Part(13, "close", "admin", "300", At(3, 12))]));
        desk.Conversations.Add(Conversation(1005, At(4, 9), At(4, 9), "open", "c201", 301, 11, []));
    }
}
