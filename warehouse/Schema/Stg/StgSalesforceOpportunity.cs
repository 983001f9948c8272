using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Salesforce opportunities with their current stage.</summary>
[Table(Schema = Areas.Stg, Name = "salesforce_opportunity")]
public sealed class StgSalesforceOpportunity : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("opportunity_id", Length = 50, CanBeNull = false)]
    public string OpportunityId { get; set; } = "";

    [Column("account_id", Length = 50, CanBeNull = true)]
    public string? AccountId { get; set; }

    [Column("stage", Length = 100, CanBeNull = false)]
    public string Stage { get; set; } = "";

    [Column("amount", Precision = 18, Scale = 4, CanBeNull = true)]
    public decimal? Amount { get; set; }

    [Column("currency", Length = 3, CanBeNull = false)]
    public string Currency { get; set; } = "";

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("created_date_key", CanBeNull = false)]
    public int CreatedDateKey { get; set; }

    [Column("closed_at", CanBeNull = true)]
    public DateTime? ClosedAt { get; set; }

    [Column("closed_date_key", CanBeNull = false)]
    public int ClosedDateKey { get; set; }

    [Column("is_closed", CanBeNull = false)]
    public bool IsClosed { get; set; }

    [Column("is_won", CanBeNull = false)]
    public bool IsWon { get; set; }

    /// <summary>The primary campaign source (CampaignId), when the org has campaigns.</summary>
    [Column("campaign_id", Length = 50, CanBeNull = true)]
    public string? CampaignId { get; set; }

    [Column("lead_source", Length = 100, CanBeNull = true)]
    public string? LeadSource { get; set; }

    [Column("owner_id", Length = 50, CanBeNull = true)]
    public string? OwnerId { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_deleted", CanBeNull = false)]
    public bool IsDeleted { get; set; }
}
