using static Warehouse.Etl.Demo.DemoWorld;

namespace Warehouse.Etl.Demo;

/// <summary>
/// The helpdesk: groups, agents (two of whom change team during the period), requesters (the shop's
/// customers, e-mails typed their own way), an SLA policy, tickets with their audits (replies, solves,
/// reopens, deletions, merges) and satisfaction ratings. The same helpdesk is written a second time in the Intercom
/// shapes (teams, admins, contacts, conversations with their parts and ratings) without drawing another random
/// number, so <c>demo --helpdesk intercom</c> loads the same story through the other connector.
/// </summary>
internal sealed class HelpdeskDemo(DemoWorld world, DemoOutput output)
{
    private static readonly string[] Groups = ["Tier 1", "Tier 2", "Billing"];
    private long nextAuditId = 80_000_000;
    private long nextPartId = 40_000_000_000;

    public void Write(CancellationToken ct)
    {
        for (var g = 0; g < Groups.Length; g++)
        {
            output.Json("zendesk", "groups", new { id = 360_000 + g, name = Groups[g], created_at = Iso(world.Start.AddYears(-1)), updated_at = Iso(world.Start.AddYears(-1)) });
            output.Json("intercom", "teams", new { type = "team", id = (360_000 + g).ToString(System.Globalization.CultureInfo.InvariantCulture), name = Groups[g], admin_ids = Array.Empty<long>() });
        }

        for (var a = 0; a < 12; a++)
        {
            var moved = a is 2 or 7;
            output.Json("zendesk", "users", new
            {
                id = 500 + a, name = $"{DemoCatalogue.FirstNames[a]} Agent", email = $"agent{a}@support.example.com", role = a == 0 ? "admin" : "agent",
                default_group_id = 360_000 + (moved ? (a + 1) % 3 : a % 3), time_zone = "UTC",
                created_at = Iso(world.Start.AddYears(-1)), updated_at = Iso(moved ? world.Start.AddMonths(9) : world.Start.AddYears(-1)),
            });
            // Intercom lists admins as they are now (no history): a moved agent is in its new team.
            output.Json("intercom", "admins", new
            {
                type = "admin", id = (500 + a).ToString(System.Globalization.CultureInfo.InvariantCulture), name = $"{DemoCatalogue.FirstNames[a]} Agent", email = $"agent{a}@support.example.com",
                away_mode_enabled = false, away_mode_reassign = false, has_inbox_seat = true, team_ids = new[] { 360_000 + (moved ? (a + 1) % 3 : a % 3) },
            });
        }

        for (var i = 0; i < world.People.Count; i++)
        {
            var person = world.People[i];
            var email = person.EmailAsTypedElsewhere(world.Random);
            output.Json("zendesk", "users", new
            {
                id = 900_000 + i, name = $"{person.FirstName} {person.LastName}", email, role = "end-user",
                created_at = Iso(person.Since), updated_at = Iso(person.Since),
            });
            output.Json("intercom", "contacts", new
            {
                type = "contact", id = ContactId(900_000 + i), role = "user", email, name = $"{person.FirstName} {person.LastName}", created_at = Unix(person.Since), updated_at = Unix(person.Since),
            });
        }

        output.Json("zendesk", "sla_policies", new
        {
            id = 1, title = "Standard support", position = 1,
            // Zendesk's SLA policy always carries its filter (the SLAPolicyObject of its OpenAPI description requires it).
            filter = new { all = Array.Empty<object>(), any = Array.Empty<object>() },
            policy_metrics = new[] { ("urgent", 30, 240), ("high", 60, 480), ("normal", 240, 1440), ("low", 480, 2880) }
                .SelectMany(t => new[]
                {
                    new { priority = t.Item1, metric = "first_reply_time", target = t.Item2, business_hours = true },
                    new { priority = t.Item1, metric = "requester_wait_time", target = t.Item3, business_hours = true },
                }),
        });

        var tickets = Math.Max(50, (int)(world.Orders.Count * 0.3));
        for (var t = 0; t < tickets; t++)
        {
            if (t % 5_000 == 0) ct.ThrowIfCancellationRequested();
            WriteTicket(1000 + t);
        }
    }

    private void WriteTicket(long id)
    {
        var requesterIndex = world.Random.Next(world.People.Count);
        var requester = 900_000 + requesterIndex;
        var agent = 500 + world.Random.Next(12);
        var created = world.DuringDay(world.RandomTime(world.Start, world.End.AddDays(-3)));
        var roll = world.Random.NextDouble();
        var priority = roll < 0.2 ? "low" : roll < 0.75 ? "normal" : roll < 0.95 ? "high" : "urgent";
        var channel = world.Pick(new[] { "email", "email", "web", "chat", "voice" });
        var audits = new List<object> { Audit(id, created, requester, Status("new", null), Comment(requester, true)) };
        // The same story as Intercom parts: (time, part type, author, author type).
        var parts = new List<(DateTime At, string Type, long Author, string AuthorType)>();
        var status = "new";
        var at = created;
        var fate = world.Random.NextDouble();
        if (fate > 0.05)
        {
            at = at.AddMinutes(5 + world.Random.Next(world.Random.NextDouble() < 0.7 ? 240 : 2400));
            audits.Add(Audit(id, at, agent, Comment(agent, true), Status("open", status)));
            parts.Add((at, "comment", agent, "admin"));
            status = "open";
            if (fate > 0.12)
            {
                if (world.Random.NextDouble() < 0.4)
                {
                    at = at.AddMinutes(30 + world.Random.Next(600));
                    audits.Add(Audit(id, at, agent, Comment(agent, true)));
                    parts.Add((at, "comment", agent, "admin"));
                }

                at = at.AddMinutes(20 + world.Random.Next(1200));
                audits.Add(Audit(id, at, agent, Status("solved", status)));
                parts.Add((at, "close", agent, "admin"));
                status = "solved";
                if (world.Random.NextDouble() < 0.08)
                {
                    at = at.AddDays(1 + world.Random.Next(3));
                    audits.Add(Audit(id, at, requester, Comment(requester, true), Status("open", status)));
                    parts.Add((at, "comment", requester, "user"));
                    at = at.AddMinutes(30 + world.Random.Next(600));
                    audits.Add(Audit(id, at, agent, Comment(agent, true), Status("solved", "open")));
                    parts.Add((at, "comment", agent, "admin"));
                    parts.Add((at, "close", agent, "admin"));
                }

                world.SolvedTickets.Add((id, requesterIndex, at));
                if (at.AddDays(4) < world.End)
                {
                    at = at.AddDays(4);
                    audits.Add(Audit(id, at, -1, Status("closed", "solved")));
                    status = "closed";
                }
            }
        }

        var deleted = world.Random.NextDouble() < 0.03;
        var merged = !deleted && world.Random.NextDouble() < 0.01;
        if (deleted) { at = at.AddHours(1); audits.Add(Audit(id, at, agent, Status("deleted", status))); status = "deleted"; }
        if (merged && status != "closed") { at = at.AddHours(1); audits.Add(Audit(id, at, agent, Status("closed", status))); status = "closed"; }
        if (at > world.End) at = world.End;
        foreach (var audit in audits) output.Json("zendesk", "ticket_audits", audit);

        output.Json("zendesk", "tickets", new
        {
            id, created_at = Iso(created), updated_at = Iso(at), type = world.Pick(new[] { "question", "incident", "problem", "task" }), subject = "Support request",
            priority, status, via = new { channel, source = new { from = new { }, to = new { }, rel = (string?)null } },
            requester_id = requester, submitter_id = requester, assignee_id = agent, group_id = 360_000 + (agent - 500) % 3, organization_id = (long?)null,
            tags = merged ? new[] { "closed_by_merge" } : Array.Empty<string>(), satisfaction_rating = (object?)null,
        });

        (int Rating, DateTime At, string? Remark)? rating = null;
        if (status is "solved" or "closed" && !deleted && world.Random.NextDouble() < 0.4)
        {
            var r = world.Random.NextDouble();
            var rated = at.AddHours(2) > world.End ? world.End : at.AddHours(2);
            output.Json("zendesk", "satisfaction_ratings", new
            {
                id = 70_000 + id, ticket_id = id, score = r < 0.8 ? "good" : r < 0.95 ? "bad" : "offered", comment = r is >= 0.8 and < 0.95 ? "It took too long" : null,
                requester_id = requester, assignee_id = agent, group_id = 360_000 + (agent - 500) % 3, created_at = Iso(rated), updated_at = Iso(rated),
            });
            // On Intercom's 1-5 scale: good is 4 or 5, bad 1 or 2; an offered rating is no rating.
            if (r < 0.95) rating = (r < 0.8 ? 4 + (int)(id % 2) : 1 + (int)(id % 2), rated, r >= 0.8 ? "It took too long" : null);
        }

        // A conversation deleted in Intercom is gone from its API; a merged one is closed.
        if (!deleted) WriteConversation(id, created, at, requester, agent, priority, channel, status is "solved" or "closed" ? "closed" : "open", parts, rating);
    }

    /// <summary>The ticket as an Intercom conversation ("Retrieve a conversation" shape, before the 500-part cap).</summary>
    private void WriteConversation(long id, DateTime created, DateTime updated, long requester, long agent, string priority, string channel, string state,
        List<(DateTime At, string Type, long Author, string AuthorType)> parts, (int Rating, DateTime At, string? Remark)? rating)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        string Author(long author, string type) => type == "admin" ? author.ToString(invariant) : ContactId(author);
        var lastUpdate = rating is { } r && r.At > updated ? r.At : updated;
        output.Json("intercom", "conversations", new
        {
            type = "conversation", id = id.ToString(invariant), created_at = Unix(created), updated_at = Unix(lastUpdate), waiting_since = (long?)null, snoozed_until = (long?)null,
            source = new
            {
                type = channel switch { "email" => "email", "voice" => "phone_call", _ => "conversation" }, id = (id * 10).ToString(invariant), delivered_as = "customer_initiated", subject = "", body = "<p>Support request</p>",
                author = new { type = "user", id = ContactId(requester), name = "Customer", email = "" }, attachments = Array.Empty<object>(), url = (string?)null, redacted = false,
            },
            contacts = new { type = "contact.list", contacts = new[] { new { type = "contact", id = ContactId(requester), external_id = (string?)null } } },
            admin_assignee_id = agent, team_assignee_id = 360_000 + (agent - 500) % 3, open = state == "open", state, read = true,
            priority = priority is "high" or "urgent" ? "priority" : "not_priority",
            statistics = new { type = "conversation_statistics", count_reopens = parts.Count(p => p.AuthorType == "user"), count_assignments = 1, count_conversation_parts = parts.Count + 1 },
            conversation_rating = rating is { } given
                ? new { rating = given.Rating, remark = given.Remark, created_at = Unix(given.At), contact = new { type = "contact", id = ContactId(requester) }, teammate = new { type = "admin", id = agent.ToString(invariant) } }
                : null,
            conversation_parts = new
            {
                type = "conversation_part.list", total_count = parts.Count,
                conversation_parts = parts.Select(p => new
                {
                    type = "conversation_part", id = (nextPartId++).ToString(invariant), part_type = p.Type, body = p.Type == "comment" ? "<p>Message</p>" : null,
                    created_at = Unix(p.At), updated_at = Unix(p.At), notified_at = Unix(p.At),
                    author = new { id = Author(p.Author, p.AuthorType), type = p.AuthorType, name = "", email = "" }, attachments = Array.Empty<object>(), redacted = false,
                }).ToList(),
            },
        });
    }

    private static string ContactId(long requester) => "c" + requester.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static long Unix(DateTime utc) => new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeSeconds();

    private object Audit(long ticketId, DateTime at, long author, params object[] events)
    {
        var id = nextAuditId++;
        return new { id, ticket_id = ticketId, created_at = Iso(at), author_id = author, events = events.Select((e, i) => Merge(id * 10 + i, e)) };
    }

    private static Dictionary<string, object?> Merge(long id, object e)
    {
        var fields = (Dictionary<string, object?>)e;
        fields["id"] = id;
        return fields;
    }

    private static Dictionary<string, object?> Status(string value, string? previous) =>
        new() { ["type"] = previous is null ? "Create" : "Change", ["field_name"] = "status", ["value"] = value, ["previous_value"] = previous };

    private static Dictionary<string, object?> Comment(long author, bool isPublic) =>
        new() { ["type"] = "Comment", ["author_id"] = author, ["body"] = "Message", ["public"] = isPublic };
}
