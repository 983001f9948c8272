using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Shopify checkouts, completed or abandoned.</summary>
[Table(Schema = Areas.Stg, Name = "shopify_checkout")]
public sealed class StgShopifyCheckout : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("checkout_id", Length = 50, CanBeNull = false)]
    public string CheckoutId { get; set; } = "";

    [Column("token", Length = 100, CanBeNull = true)]
    public string? Token { get; set; }

    [Column("cart_token", Length = 100, CanBeNull = true)]
    public string? CartToken { get; set; }

    [Column("customer_id", Length = 50, CanBeNull = true)]
    public string? CustomerId { get; set; }

    [Column("customer_nk", Length = 100, CanBeNull = true)]
    public string? CustomerNk { get; set; }

    [Column("email_hash", Length = 64, CanBeNull = true)]
    public string? EmailHash { get; set; }

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("created_date_key", CanBeNull = false)]
    public int CreatedDateKey { get; set; }

    [Column("completed_at", CanBeNull = true)]
    public DateTime? CompletedAt { get; set; }

    [Column("completed_date_key", CanBeNull = false)]
    public int CompletedDateKey { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("currency", Length = 3, CanBeNull = false)]
    public string Currency { get; set; } = "";

    [Column("item_count", CanBeNull = false)]
    public int ItemCount { get; set; }

    [Column("subtotal", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal Subtotal { get; set; }

    [Column("source_name", Length = 50, CanBeNull = true)]
    public string? SourceName { get; set; }

    [Column("utm_source", Length = 100, CanBeNull = true)]
    public string? UtmSource { get; set; }

    [Column("utm_medium", Length = 100, CanBeNull = true)]
    public string? UtmMedium { get; set; }

    [Column("utm_campaign", Length = 100, CanBeNull = true)]
    public string? UtmCampaign { get; set; }
}
