using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Shopify order lines (one row per line item, order fields repeated), refunds summed per line.</summary>
[Table(Schema = Areas.Stg, Name = "shopify_order_line")]
public sealed class StgShopifyOrderLine : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("order_id", Length = 50, CanBeNull = false)]
    public string OrderId { get; set; } = "";

    [Column("order_name", Length = 50, CanBeNull = true)]
    public string? OrderName { get; set; }

    [Column("line_id", Length = 50, CanBeNull = false)]
    public string LineId { get; set; } = "";

    [Column("customer_id", Length = 50, CanBeNull = true)]
    public string? CustomerId { get; set; }

    [Column("customer_nk", Length = 100, CanBeNull = true)]
    public string? CustomerNk { get; set; }

    [Column("email_hash", Length = 64, CanBeNull = true)]
    public string? EmailHash { get; set; }

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("order_date_key", CanBeNull = false)]
    public int OrderDateKey { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_cancelled", CanBeNull = false)]
    public bool IsCancelled { get; set; }

    [Column("currency", Length = 3, CanBeNull = false)]
    public string Currency { get; set; } = "";

    [Column("variant_id", Length = 50, CanBeNull = true)]
    public string? VariantId { get; set; }

    [Column("product_id", Length = 50, CanBeNull = true)]
    public string? ProductId { get; set; }

    [Column("quantity", CanBeNull = false)]
    public int Quantity { get; set; }

    [Column("price", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal Price { get; set; }

    [Column("discount_amount", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal DiscountAmount { get; set; }

    [Column("refunded_quantity", CanBeNull = false)]
    public int RefundedQuantity { get; set; }

    [Column("refund_amount", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal RefundAmount { get; set; }

    [Column("source_name", Length = 50, CanBeNull = true)]
    public string? SourceName { get; set; }

    [Column("utm_source", Length = 100, CanBeNull = true)]
    public string? UtmSource { get; set; }

    [Column("utm_medium", Length = 100, CanBeNull = true)]
    public string? UtmMedium { get; set; }

    [Column("utm_campaign", Length = 100, CanBeNull = true)]
    public string? UtmCampaign { get; set; }

    [Column("cart_token", Length = 100, CanBeNull = true)]
    public string? CartToken { get; set; }

    [Column("checkout_token", Length = 100, CanBeNull = true)]
    public string? CheckoutToken { get; set; }

    /// <summary>The checkout the order completed (Shopify's order.checkout_id), when it came from one.</summary>
    [Column("checkout_id", Length = 50, CanBeNull = true)]
    public string? CheckoutId { get; set; }

    /// <summary>Shopify's order.test: an order placed with a test gateway, kept but counted in no KPI.</summary>
    [Column("is_test", CanBeNull = false)]
    public bool IsTest { get; set; }
}
