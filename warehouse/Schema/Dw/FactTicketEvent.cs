using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>One status change or public or private comment of a ticket (transaction grain).</summary>
[Table(Schema = Areas.Dw, Name = "fact_ticket_event")]
public sealed class FactTicketEvent
{
    [Column("event_id", Length = 50, CanBeNull = false), PrimaryKey]
    public string EventId { get; set; } = "";

    [Column("ticket_id", Length = 50, CanBeNull = false)]
    public string TicketId { get; set; } = "";

    [Column("event_at", CanBeNull = false)]
    public DateTime EventAt { get; set; }

    [Column("event_date_key", CanBeNull = false)]
    public int EventDateKey { get; set; }

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

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
