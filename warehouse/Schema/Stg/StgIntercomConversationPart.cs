using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>The events of an Intercom conversation: its opening message, comments and notes, closes and reopens; a "capped" row marks a conversation whose oldest parts the API did not return.</summary>
[Table(Schema = Areas.Stg, Name = "intercom_conversation_part")]
public sealed class StgIntercomConversationPart : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("part_id", Length = 60, CanBeNull = false)]
    public string PartId { get; set; } = "";

    [Column("conversation_id", Length = 60, CanBeNull = false)]
    public string ConversationId { get; set; } = "";

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("event_date_key", CanBeNull = false)]
    public int EventDateKey { get; set; }

    [Column("author_id", Length = 50, CanBeNull = true)]
    public string? AuthorId { get; set; }

    [Column("event_kind", Length = 10, CanBeNull = false)]
    public string EventKind { get; set; } = "";

    [Column("status", Length = 20, CanBeNull = true)]
    public string? Status { get; set; }

    [Column("previous_status", Length = 20, CanBeNull = true)]
    public string? PreviousStatus { get; set; }

    [Column("is_public", CanBeNull = false)]
    public bool IsPublic { get; set; }

    [Column("is_agent_author", CanBeNull = false)]
    public bool IsAgentAuthor { get; set; }
}
