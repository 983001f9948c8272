using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Daily campaign spend from the ad-platform export in the file drop.</summary>
[Table(Schema = Areas.Stg, Name = "marketing_spend")]
public sealed class StgMarketingSpend : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("spend_date_key", CanBeNull = false)]
    public int SpendDateKey { get; set; }

    [Column("campaign_id", Length = 100, CanBeNull = false)]
    public string CampaignId { get; set; } = "";

    [Column("campaign_name", Length = 300, CanBeNull = false)]
    public string CampaignName { get; set; } = "";

    [Column("channel", Length = 50, CanBeNull = false)]
    public string Channel { get; set; } = "";

    [Column("spend", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal Spend { get; set; }

    [Column("currency", Length = 3, CanBeNull = false)]
    public string Currency { get; set; } = "";

    [Column("impressions", CanBeNull = false)]
    public long Impressions { get; set; }

    [Column("clicks", CanBeNull = false)]
    public long Clicks { get; set; }

    /// <summary>The drop file the row came from: of two files reporting the same campaign, day and channel, one counts.</summary>
    [Column("source_file", Length = 300, CanBeNull = true)]
    public string? SourceFile { get; set; }

    /// <summary>Where the record was read in its landing (file order, then line): of two copies of a record, the later one wins.</summary>
    [Column("source_row", CanBeNull = true)]
    public long? SourceRow { get; set; }
}
