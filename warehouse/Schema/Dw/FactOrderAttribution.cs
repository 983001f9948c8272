using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Revenue of an order attributed to a campaign, per attribution model and lookback window.</summary>
[Table(Schema = Areas.Dw, Name = "fact_order_attribution")]
public sealed class FactOrderAttribution
{
    [Column("order_id", Length = 64, CanBeNull = false), PrimaryKey]
    public string OrderId { get; set; } = "";

    [Column("attribution_model", Length = 20, CanBeNull = false), PrimaryKey]
    public string AttributionModel { get; set; } = "";

    [Column("lookback_days", CanBeNull = false)]
    public int LookbackDays { get; set; }

    [Column("campaign_key", CanBeNull = false)]
    public int CampaignKey { get; set; }

    [Column("order_date_key", CanBeNull = false)]
    public int OrderDateKey { get; set; }

    [Column("touch_at", CanBeNull = true)]
    public DateTime? TouchAt { get; set; }

    [Column("attributed_revenue_reporting", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal AttributedRevenueReporting { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
