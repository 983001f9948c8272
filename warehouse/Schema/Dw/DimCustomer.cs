using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Conformed customer (type 2): one person across the shop, the helpdesk and the CRM.</summary>
[Table(Schema = Areas.Dw, Name = "dim_customer")]
public sealed class DimCustomer
{
    [Column("customer_key", CanBeNull = false), PrimaryKey]
    public int CustomerKey { get; set; }

    [Column("customer_id", Length = 100, CanBeNull = false)]
    public string CustomerId { get; set; } = "";

    [Column("email_hash", Length = 64, CanBeNull = true)]
    public string? EmailHash { get; set; }

    [Column("email", Length = 320, CanBeNull = true)]
    public string? Email { get; set; }

    [Column("customer_name", Length = 200, CanBeNull = true)]
    public string? CustomerName { get; set; }

    [Column("segment", Length = 50, CanBeNull = false)]
    public string Segment { get; set; } = "";

    [Column("region", Length = 100, CanBeNull = false)]
    public string Region { get; set; } = "";

    [Column("country", Length = 100, CanBeNull = false)]
    public string Country { get; set; } = "";

    [Column("city", Length = 100, CanBeNull = true)]
    public string? City { get; set; }

    [Column("first_seen_at", CanBeNull = true)]
    public DateTime? FirstSeenAt { get; set; }

    [Column("source_system", Length = 20, CanBeNull = false)]
    public string SourceSystem { get; set; } = "";

    [Column("valid_from", CanBeNull = false)]
    public DateTime ValidFrom { get; set; }

    [Column("valid_to", CanBeNull = false)]
    public DateTime ValidTo { get; set; }

    [Column("is_current", CanBeNull = false)]
    public bool IsCurrent { get; set; }

    [Column("is_inferred", CanBeNull = false)]
    public bool IsInferred { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
