using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Zendesk tickets from the incremental export (deleted ones have status deleted).</summary>
[Table(Schema = Areas.Stg, Name = "zendesk_ticket")]
public sealed class StgZendeskTicket : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("ticket_id", Length = 50, CanBeNull = false)]
    public string TicketId { get; set; } = "";

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("created_date_key", CanBeNull = false)]
    public int CreatedDateKey { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("status", Length = 20, CanBeNull = false)]
    public string Status { get; set; } = "";

    [Column("priority", Length = 20, CanBeNull = true)]
    public string? Priority { get; set; }

    [Column("ticket_type", Length = 20, CanBeNull = true)]
    public string? TicketType { get; set; }

    [Column("via_channel", Length = 50, CanBeNull = true)]
    public string? ViaChannel { get; set; }

    [Column("requester_id", Length = 50, CanBeNull = true)]
    public string? RequesterId { get; set; }

    [Column("assignee_id", Length = 50, CanBeNull = true)]
    public string? AssigneeId { get; set; }

    [Column("group_id", Length = 50, CanBeNull = true)]
    public string? GroupId { get; set; }

    [Column("is_merged", CanBeNull = false)]
    public bool IsMerged { get; set; }
}
