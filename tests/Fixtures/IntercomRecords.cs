using System.Text.Json;

namespace Warehouse.Tests.Fixtures;

/// <summary>Hand-made records in the Intercom REST API 2.15 shapes (the fields the connector reads, times in Unix seconds).</summary>
internal static class IntercomRecords
{
    public static long Unix(DateTime at) => new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds();

    public static string Team(long id, string name) => JsonSerializer.Serialize(new { type = "team", id = id.ToString(System.Globalization.CultureInfo.InvariantCulture), name, admin_ids = Array.Empty<long>() });

    public static string Admin(long id, string name, long team) => JsonSerializer.Serialize(new
    {
        type = "admin", id = id.ToString(System.Globalization.CultureInfo.InvariantCulture), name, email = name.ToLowerInvariant() + "@support.example.com", away_mode_enabled = false, away_mode_reassign = false, has_inbox_seat = true, team_ids = new[] { team },
    });

    public static string Company(string id, string name, string? website, DateTime updatedAt) => JsonSerializer.Serialize(new
    {
        type = "company", id, company_id = "remote-" + id, app_id = "simulated", name, website, created_at = Unix(updatedAt.AddDays(-30)), updated_at = Unix(updatedAt), remote_created_at = Unix(updatedAt.AddDays(-30)),
        monthly_spend = 0, session_count = 0, user_count = 1, tags = new { type = "tag.list", tags = Array.Empty<object>() }, segments = new { type = "segment.list", segments = Array.Empty<object>() },
        plan = new { }, custom_attributes = new { },
    });

    public static string Contact(string id, string role, string email, DateTime updatedAt) => JsonSerializer.Serialize(new
    {
        type = "contact", id, role, email, name = "Customer " + id, created_at = Unix(updatedAt.AddDays(-30)), updated_at = Unix(updatedAt),
    });

    /// <summary>A part: (part_type, author type, author id, at).</summary>
    public static object Part(long id, string type, string authorType, string authorId, DateTime at) => new
    {
        type = "conversation_part", id = id.ToString(System.Globalization.CultureInfo.InvariantCulture), part_type = type, body = type is "comment" or "note" ? "<p>text</p>" : null,
        created_at = Unix(at), updated_at = Unix(at), notified_at = Unix(at), author = new { id = authorId, type = authorType, name = authorType + " " + authorId, email = "" }, attachments = Array.Empty<object>(), redacted = false,
    };

    /// <summary>A conversation whole, as "Retrieve a conversation" returns it before the 500-part cap.</summary>
    public static string Conversation(long id, DateTime createdAt, DateTime updatedAt, string state, string contact, long? admin, long? team, object[] parts,
        (int Rating, DateTime At, string? Remark)? rating = null, string sourceType = "conversation", string priority = "not_priority", object? statistics = null) => JsonSerializer.Serialize(new
    {
        type = "conversation", id = id.ToString(System.Globalization.CultureInfo.InvariantCulture), created_at = Unix(createdAt), updated_at = Unix(updatedAt), waiting_since = (long?)null, snoozed_until = (long?)null,
        source = new { type = sourceType, id = (id * 10).ToString(System.Globalization.CultureInfo.InvariantCulture), delivered_as = "customer_initiated", subject = "", body = "<p>Help</p>", author = new { type = "user", id = contact, name = "Customer", email = "" }, attachments = Array.Empty<object>(), url = (string?)null, redacted = false },
        contacts = new { type = "contact.list", contacts = new[] { new { type = "contact", id = contact, external_id = (string?)null } } },
        admin_assignee_id = admin, team_assignee_id = team, open = state != "closed", state, read = true, priority,
        statistics = statistics ?? new { type = "conversation_statistics", count_reopens = 0, count_assignments = 0, count_conversation_parts = parts.Length + 1 },
        conversation_rating = rating is { } r ? new { rating = r.Rating, remark = r.Remark, created_at = Unix(r.At), contact = new { type = "contact", id = contact }, teammate = new { type = "admin", id = admin?.ToString(System.Globalization.CultureInfo.InvariantCulture) } } : null,
        conversation_parts = new { type = "conversation_part.list", conversation_parts = parts, total_count = parts.Length },
    });
}
