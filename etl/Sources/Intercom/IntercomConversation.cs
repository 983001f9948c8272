using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Intercom;

/// <summary>
/// How a conversation becomes ticket events. Intercom and Zendesk number their records independently, so a
/// conversation is the ticket <c>intercom:&lt;id&gt;</c> (qualified by its instance as every id is).
/// </summary>
internal static class IntercomConversation
{
    /// <summary>"Retrieve a conversation": "The maximum number of conversation parts that can be returned via the API is 500".</summary>
    public const int PartsCap = 500;

    public static string Id(string id, StreamContext context) => "intercom:" + context.Id(id);

    /// <summary>
    /// The events of one conversation, oldest first: the opening message (<c>source</c>, by its author) as the request;
    /// <c>comment</c> parts as public comments and <c>note</c> parts as private ones, by an agent when the author's type is
    /// <c>admin</c> (a bot's answer is not an agent's); <c>close</c> as a solve when the conversation was open, and
    /// <c>open</c>, or a customer's comment, as a reopen when it was closed (a close of a closed conversation changes nothing). When the API holds
    /// back the oldest parts (more than <see cref="PartsCap"/>), a <c>capped</c> row says so and the transform takes the
    /// milestones from the conversation's statistics instead.
    /// </summary>
    public static IEnumerable<StgIntercomConversationPart> Events(JsonElement json, StreamContext context)
    {
        var conversationId = Id(json.RequiredId("id"), context);
        var createdAt = IntercomApi.Time(json, "created_at") ?? throw new RecordRejectedException("missing date 'created_at'");
        var rows = new List<StgIntercomConversationPart>();
        var source = json.Property("source");
        if (source.ValueKind == JsonValueKind.Object)
        {
            var author = source.Property("author");
            rows.Add(Row("source:" + (source.OptionalId("id") ?? "of-" + json.RequiredId("id")), createdAt, author, "comment", null, null, isPublic: true));
        }

        var list = json.Property("conversation_parts");
        var parts = list.Array("conversation_parts")
            .Select(p => (Part: p, At: IntercomApi.Time(p, "created_at") ?? throw new RecordRejectedException("a conversation part without 'created_at'")))
            .OrderBy(p => p.At).ThenBy(p => p.Part.RequiredId("id"), StringComparer.Ordinal).ToList();
        var closed = false;
        foreach (var (part, at) in parts)
        {
            var id = "part:" + context.Id(part.RequiredId("id"));
            var author = part.Property("author");
            switch (part.OptionalString("part_type", 100))
            {
                case "comment":
                    // A customer's reply to a closed conversation reopens it ("Conversation states": a closed conversation
                    // moves back to open when the customer replies), whether or not an open part is written for it.
                    if (closed && !IsAdmin(author))
                    {
                        closed = false;
                        rows.Add(Row(id + ":reopen", at, author, "status", "open", "solved", isPublic: false));
                    }

                    rows.Add(Row(id, at, author, "comment", null, null, isPublic: true));
                    break;
                case "note":
                    rows.Add(Row(id, at, author, "comment", null, null, isPublic: false));
                    break;
                case "close" when !closed:
                    closed = true;
                    rows.Add(Row(id, at, author, "status", "solved", "open", isPublic: false));
                    break;
                case "open" when closed:
                    closed = false;
                    rows.Add(Row(id, at, author, "status", "open", "solved", isPublic: false));
                    break;
            }
        }

        var total = list.ValueKind == JsonValueKind.Object ? list.OptionalInt("total_count") : null;
        if (total > parts.Count) rows.Add(Row("capped:" + conversationId, createdAt, default, "capped", null, null, isPublic: false));
        return rows;

        StgIntercomConversationPart Row(string id, DateTime at, JsonElement author, string kind, string? status, string? previous, bool isPublic) => new()
        {
            LoadId = context.LoadId, PartId = "intercom:" + id, ConversationId = conversationId, CreatedAt = at, EventDateKey = context.Settings.DateKeyOf(at),
            AuthorId = author.ValueKind == JsonValueKind.Object ? context.Id(author.OptionalId("id"), optional: true) : null,
            EventKind = kind, Status = status, PreviousStatus = previous, IsPublic = isPublic,
            IsAgentAuthor = IsAdmin(author),
        };
    }

    private static bool IsAdmin(JsonElement author) => author.ValueKind == JsonValueKind.Object && author.OptionalString("type", 20) == "admin";
}
