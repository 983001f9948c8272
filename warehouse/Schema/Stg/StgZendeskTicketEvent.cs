using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Status changes and comments from Zendesk ticket audits.</summary>
[Table(Schema = Areas.Stg, Name = "zendesk_ticket_event")]
public sealed class StgZendeskTicketEvent : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("event_id", Length = 50, CanBeNull = false)]
    public string EventId { get; set; } = "";

    [Column("ticket_id", Length = 50, CanBeNull = false)]
    public string TicketId { get; set; } = "";

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
}
