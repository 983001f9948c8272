using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>
/// Checkout (accumulating): one row per checkout, from Shopify's abandoned-checkout list or from the order
/// that completed it (order.checkout_id / checkout_token); a checkout listed as abandoned and later completed
/// by an order is one row, completed.
/// </summary>
[Table(Schema = Areas.Dw, Name = "fact_checkout")]
public sealed class FactCheckout
{
    [Column("checkout_id", Length = 64, CanBeNull = false), PrimaryKey]
    public string CheckoutId { get; set; } = "";

    [Column("token", Length = 100, CanBeNull = true)]
    public string? Token { get; set; }

    [Column("cart_token", Length = 100, CanBeNull = true)]
    public string? CartToken { get; set; }

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("created_date_key", CanBeNull = false)]
    public int CreatedDateKey { get; set; }

    [Column("completed_at", CanBeNull = true)]
    public DateTime? CompletedAt { get; set; }

    [Column("completed_date_key", CanBeNull = false)]
    public int CompletedDateKey { get; set; }

    [Column("order_id", Length = 64, CanBeNull = true)]
    public string? OrderId { get; set; }

    /// <summary>Completed by a test order: counted in no KPI.</summary>
    [Column("is_test", CanBeNull = false)]
    public bool IsTest { get; set; }

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    [Column("channel_key", CanBeNull = false)]
    public int ChannelKey { get; set; }

    [Column("campaign_key", CanBeNull = false)]
    public int CampaignKey { get; set; }

    [Column("currency_key", CanBeNull = false)]
    public int CurrencyKey { get; set; }

    [Column("item_count", CanBeNull = false)]
    public int ItemCount { get; set; }

    [Column("subtotal_amount", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal SubtotalAmount { get; set; }

    [Column("subtotal_amount_reporting", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal SubtotalAmountReporting { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
