using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>One row per order line, net of discounts and refunds.</summary>
[Table(Schema = Areas.Dw, Name = "fact_order_line")]
public sealed class FactOrderLine
{
    [Column("order_line_id", Length = 64, CanBeNull = false), PrimaryKey]
    public string OrderLineId { get; set; } = "";

    [Column("order_id", Length = 64, CanBeNull = false)]
    public string OrderId { get; set; } = "";

    [Column("order_name", Length = 50, CanBeNull = true)]
    public string? OrderName { get; set; }

    [Column("order_date_key", CanBeNull = false)]
    public int OrderDateKey { get; set; }

    [Column("ordered_at", CanBeNull = false)]
    public DateTime OrderedAt { get; set; }

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    [Column("product_key", CanBeNull = false)]
    public int ProductKey { get; set; }

    [Column("channel_key", CanBeNull = false)]
    public int ChannelKey { get; set; }

    [Column("campaign_key", CanBeNull = false)]
    public int CampaignKey { get; set; }

    [Column("currency_key", CanBeNull = false)]
    public int CurrencyKey { get; set; }

    [Column("quantity", CanBeNull = false)]
    public int Quantity { get; set; }

    [Column("refunded_quantity", CanBeNull = false)]
    public int RefundedQuantity { get; set; }

    [Column("gross_amount", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal GrossAmount { get; set; }

    [Column("discount_amount", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal DiscountAmount { get; set; }

    [Column("refund_amount", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal RefundAmount { get; set; }

    [Column("net_amount", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal NetAmount { get; set; }

    [Column("net_amount_reporting", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal NetAmountReporting { get; set; }

    [Column("is_cancelled", CanBeNull = false)]
    public bool IsCancelled { get; set; }

    /// <summary>A test order (Shopify's order.test): kept for analysts, counted in no KPI.</summary>
    [Column("is_test", CanBeNull = false)]
    public bool IsTest { get; set; }

    [Column("source_system", Length = 20, CanBeNull = false)]
    public string SourceSystem { get; set; } = "";

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
