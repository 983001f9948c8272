using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Salesforce campaigns: the primary campaign source of opportunities, conformed to the campaign dimension by name.</summary>
[Table(Schema = Areas.Stg, Name = "salesforce_campaign")]
public sealed class StgSalesforceCampaign : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("campaign_id", Length = 50, CanBeNull = false)]
    public string CampaignId { get; set; } = "";

    [Column("campaign_name", Length = 300, CanBeNull = false)]
    public string CampaignName { get; set; } = "";

    [Column("campaign_type", Length = 100, CanBeNull = true)]
    public string? CampaignType { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_deleted", CanBeNull = false)]
    public bool IsDeleted { get; set; }
}
