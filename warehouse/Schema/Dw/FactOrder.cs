using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>
/// One row per non-cancelled order (derived from its lines by the KPI refresh): the order's keys, its net
/// revenue in the reporting currency, and its place among the customer's orders, so per-order and
/// first-order KPIs read one row per order instead of grouping and ranking every line.
/// </summary>
[Table(Schema = Areas.Dw, Name = "fact_order")]
public sealed class FactOrder
{
    [Column("order_id", Length = 64, CanBeNull = false), PrimaryKey]
    public string OrderId { get; set; } = "";

    [Column("order_date_key", CanBeNull = false)]
    public int OrderDateKey { get; set; }

    [Column("ordered_at", CanBeNull = false)]
    public DateTime OrderedAt { get; set; }

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    [Column("channel_key", CanBeNull = false)]
    public int ChannelKey { get; set; }

    [Column("campaign_key", CanBeNull = false)]
    public int CampaignKey { get; set; }

    [Column("line_count", CanBeNull = false)]
    public int LineCount { get; set; }

    [Column("net_amount_reporting", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal NetAmountReporting { get; set; }

    /// <summary>1 for the customer's first order, 2 for the second...; null for guest orders (no customer).</summary>
    [Column("customer_order_number", CanBeNull = true)]
    public int? CustomerOrderNumber { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
