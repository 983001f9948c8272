using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Priority, type and status combinations of tickets (junk dimension).</summary>
[Table(Schema = Areas.Dw, Name = "dim_ticket_attribute")]
public sealed class DimTicketAttribute
{
    [Column("ticket_attribute_key", CanBeNull = false), PrimaryKey]
    public int TicketAttributeKey { get; set; }

    [Column("priority", Length = 20, CanBeNull = false)]
    public string Priority { get; set; } = "";

    [Column("ticket_type", Length = 20, CanBeNull = false)]
    public string TicketType { get; set; } = "";

    [Column("status", Length = 20, CanBeNull = false)]
    public string Status { get; set; } = "";

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
