using static Warehouse.Etl.Demo.DemoWorld;

namespace Warehouse.Etl.Demo;

/// <summary>
/// The helpdesk: groups, agents (two of whom change team during the period), requesters (the shop's
/// customers, e-mails typed their own way), an SLA policy, tickets with their audits (replies, solves,
/// reopens, deletions, merges) and satisfaction ratings.
/// </summary>
internal sealed class HelpdeskDemo(DemoWorld world, DemoOutput output)
{
    private static readonly string[] Groups = ["Tier 1", "Tier 2", "Billing"];
    private long nextAuditId = 80_000_000;

    public void Write(CancellationToken ct)
    {
        for (var g = 0; g < Groups.Length; g++)
        {
            output.Json("zendesk", "groups", new { id = 360_000 + g, name = Groups[g], created_at = Iso(world.Start.AddYears(-1)), updated_at = Iso(world.Start.AddYears(-1)) });
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
        }

        for (var i = 0; i < world.People.Count; i++)
        {
            var person = world.People[i];
            output.Json("zendesk", "users", new
            {
                id = 900_000 + i, name = $"{person.FirstName} {person.LastName}", email = person.EmailAsTypedElsewhere(world.Random), role = "end-user",
                created_at = Iso(person.Since), updated_at = Iso(person.Since),
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
        var status = "new";
        var at = created;
        var fate = world.Random.NextDouble();
        if (fate > 0.05)
        {
            at = at.AddMinutes(5 + world.Random.Next(world.Random.NextDouble() < 0.7 ? 240 : 2400));
            audits.Add(Audit(id, at, agent, Comment(agent, true), Status("open", status)));
            status = "open";
            if (fate > 0.12)
            {
                if (world.Random.NextDouble() < 0.4)
                {
                    at = at.AddMinutes(30 + world.Random.Next(600));
                    audits.Add(Audit(id, at, agent, Comment(agent, true)));
                }

                at = at.AddMinutes(20 + world.Random.Next(1200));
                audits.Add(Audit(id, at, agent, Status("solved", status)));
                status = "solved";
                if (world.Random.NextDouble() < 0.08)
                {
                    at = at.AddDays(1 + world.Random.Next(3));
                    audits.Add(Audit(id, at, requester, Comment(requester, true), Status("open", status)));
                    at = at.AddMinutes(30 + world.Random.Next(600));
                    audits.Add(Audit(id, at, agent, Comment(agent, true), Status("solved", "open")));
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

        if (status is "solved" or "closed" && !deleted && world.Random.NextDouble() < 0.4)
        {
            var r = world.Random.NextDouble();
            var rated = at.AddHours(2) > world.End ? world.End : at.AddHours(2);
            output.Json("zendesk", "satisfaction_ratings", new
            {
                id = 70_000 + id, ticket_id = id, score = r < 0.8 ? "good" : r < 0.95 ? "bad" : "offered", comment = r is >= 0.8 and < 0.95 ? "It took too long" : null,
                requester_id = requester, assignee_id = agent, group_id = 360_000 + (agent - 500) % 3, created_at = Iso(rated), updated_at = Iso(rated),
            });
        }
    }

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
