using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>
/// Which source campaign record is which conformed campaign: a CRM names a campaign by its own id (Salesforce's
/// Opportunity.CampaignId), the campaign dimension by the lower-cased name that UTM parameters and spend files carry.
/// Kept after the staging rows are emptied, so an opportunity read in a later run still finds its campaign.
/// </summary>
[Table(Schema = Areas.Dw, Name = "campaign_source_map")]
public sealed class CampaignSourceMap
{
    [Column("source_system", Length = 20, CanBeNull = false), PrimaryKey]
    public string SourceSystem { get; set; } = "";

    [Column("source_campaign_id", Length = 100, CanBeNull = false), PrimaryKey]
    public string SourceCampaignId { get; set; } = "";

    [Column("campaign_id", Length = 100, CanBeNull = false)]
    public string CampaignId { get; set; } = "";

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
