using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Daily spend, impressions and clicks per campaign.</summary>
[Table(Schema = Areas.Dw, Name = "fact_campaign_spend")]
public sealed class FactCampaignSpend
{
    [Column("campaign_key", CanBeNull = false), PrimaryKey(0)]
    public int CampaignKey { get; set; }

    [Column("spend_date_key", CanBeNull = false), PrimaryKey(1)]
    public int SpendDateKey { get; set; }

    /// <summary>The channel as the report names it (paid_search, display, paid_social): part of the key, so spend of one
    /// campaign and day from two channels or two source instances adds up, and a restated report replaces only its own rows.</summary>
    [Column("reported_channel", Length = 50, CanBeNull = false), PrimaryKey(2)]
    public string ReportedChannel { get; set; } = "";

    [Column("channel_key", CanBeNull = false)]
    public int ChannelKey { get; set; }

    [Column("currency_key", CanBeNull = false)]
    public int CurrencyKey { get; set; }

    [Column("spend", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal Spend { get; set; }

    [Column("spend_reporting", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal SpendReporting { get; set; }

    [Column("impressions", CanBeNull = false)]
    public long Impressions { get; set; }

    [Column("clicks", CanBeNull = false)]
    public long Clicks { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false), PrimaryKey(3)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
