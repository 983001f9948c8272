using System.Text.Json;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Fixtures;

/// <summary>Hand-made records in the Zendesk Support API v2 shapes (the fields the connector reads).</summary>
internal static class ZendeskRecords
{
    public static string Group(long id, string name) => JsonSerializer.Serialize(new { id, name, created_at = Time(Start.AddYears(-1)), updated_at = Time(Start.AddYears(-1)) });

    public static string Agent(long id, string name, long groupId) => JsonSerializer.Serialize(new
    {
        id, name, email = name.ToLowerInvariant() + "@support.example.com", role = "agent", default_group_id = groupId, updated_at = Time(Start.AddYears(-1)),
    });

    public static string EndUser(long id, string email) => JsonSerializer.Serialize(new { id, name = "Customer " + id, email, role = "end-user", updated_at = Time(Start.AddYears(-1)) });

    public static string SlaPolicy(long id, params (string Priority, string Metric, int Target)[] targets) => JsonSerializer.Serialize(new
    {
        id, title = "Policy " + id, filter = new { all = Array.Empty<object>(), any = Array.Empty<object>() },
        policy_metrics = targets.Select(t => new { priority = t.Priority, metric = t.Metric, target = t.Target, business_hours = true }),
    });

    public static string Ticket(long id, DateTime createdAt, DateTime updatedAt, string status, string priority, string channel, long requester, long assignee, long group, params string[] tags) =>
        JsonSerializer.Serialize(new
        {
            id, created_at = Time(createdAt), updated_at = Time(updatedAt), status, priority, type = "question", subject = "Help",
            via = new { channel }, requester_id = requester, assignee_id = assignee, group_id = group, tags,
        });

    /// <summary>An audit; events are ("status", value, previous) or ("comment", author, public: "true"/"false").</summary>
    public static string Audit(long id, long ticketId, DateTime at, long author, params (string Kind, string A, string? B)[] events) => JsonSerializer.Serialize(new
    {
        id, ticket_id = ticketId, created_at = Time(at), author_id = author,
        events = events.Select((e, i) => e.Kind == "status"
            ? (object)new { id = id * 10 + i, type = e.B is null ? "Create" : "Change", field_name = "status", value = e.A, previous_value = e.B }
            : new { id = id * 10 + i, type = "Comment", author_id = long.Parse(e.A, System.Globalization.CultureInfo.InvariantCulture), body = "text", @public = e.B == "true" }),
    });

    public static string Rating(long id, long ticketId, string score, DateTime at, long requester, long assignee) => JsonSerializer.Serialize(new
    {
        id, ticket_id = ticketId, score, comment = score == "bad" ? "slow" : null, requester_id = requester, assignee_id = assignee, created_at = Time(at), updated_at = Time(at),
    });
}
