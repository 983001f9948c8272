using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Marketing campaign, from the spend files, UTM parameters and the CRM.</summary>
[Table(Schema = Areas.Dw, Name = "dim_campaign")]
public sealed class DimCampaign
{
    [Column("campaign_key", CanBeNull = false), PrimaryKey]
    public int CampaignKey { get; set; }

    [Column("campaign_id", Length = 100, CanBeNull = false)]
    public string CampaignId { get; set; } = "";

    [Column("campaign_name", Length = 300, CanBeNull = false)]
    public string CampaignName { get; set; } = "";

    [Column("marketing_channel", Length = 50, CanBeNull = false)]
    public string MarketingChannel { get; set; } = "";

    [Column("utm_source", Length = 100, CanBeNull = true)]
    public string? UtmSource { get; set; }

    [Column("utm_medium", Length = 100, CanBeNull = true)]
    public string? UtmMedium { get; set; }

    [Column("is_inferred", CanBeNull = false)]
    public bool IsInferred { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
