using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Shopify customers as landed.</summary>
[Table(Schema = Areas.Stg, Name = "shopify_customer")]
public sealed class StgShopifyCustomer : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("customer_id", Length = 50, CanBeNull = false)]
    public string CustomerId { get; set; } = "";

    [Column("customer_nk", Length = 100, CanBeNull = false)]
    public string CustomerNk { get; set; } = "";

    [Column("email_hash", Length = 64, CanBeNull = true)]
    public string? EmailHash { get; set; }

    [Column("email", Length = 320, CanBeNull = true)]
    public string? Email { get; set; }

    /// <summary>First and last name, kept only with Warehouse:StoreCustomerName (personal data, like the plain e-mail).</summary>
    [Column("customer_name", Length = 200, CanBeNull = true)]
    public string? CustomerName { get; set; }

    [Column("segment", Length = 50, CanBeNull = true)]
    public string? Segment { get; set; }

    [Column("country", Length = 100, CanBeNull = true)]
    public string? Country { get; set; }

    [Column("region", Length = 100, CanBeNull = true)]
    public string? Region { get; set; }

    [Column("city", Length = 100, CanBeNull = true)]
    public string? City { get; set; }

    [Column("state", Length = 30, CanBeNull = true)]
    public string? State { get; set; }

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }
}
