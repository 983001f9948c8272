using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>HubSpot contacts with the date each lifecycle stage was entered.</summary>
[Table(Schema = Areas.Stg, Name = "hubspot_contact")]
public sealed class StgHubSpotContact : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("contact_id", Length = 50, CanBeNull = false)]
    public string ContactId { get; set; } = "";

    [Column("customer_nk", Length = 100, CanBeNull = true)]
    public string? CustomerNk { get; set; }

    [Column("email_hash", Length = 64, CanBeNull = true)]
    public string? EmailHash { get; set; }

    [Column("email", Length = 320, CanBeNull = true)]
    public string? Email { get; set; }

    [Column("lifecycle_stage", Length = 50, CanBeNull = true)]
    public string? LifecycleStage { get; set; }

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("lead_at", CanBeNull = false)]
    public DateTime LeadAt { get; set; }

    [Column("lead_date_key", CanBeNull = false)]
    public int LeadDateKey { get; set; }

    [Column("mql_at", CanBeNull = true)]
    public DateTime? MqlAt { get; set; }

    [Column("opportunity_at", CanBeNull = true)]
    public DateTime? OpportunityAt { get; set; }

    [Column("customer_at", CanBeNull = true)]
    public DateTime? CustomerAt { get; set; }

    [Column("lead_source", Length = 100, CanBeNull = true)]
    public string? LeadSource { get; set; }

    [Column("campaign", Length = 100, CanBeNull = true)]
    public string? Campaign { get; set; }

    [Column("owner_id", Length = 50, CanBeNull = true)]
    public string? OwnerId { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_archived", CanBeNull = false)]
    public bool IsArchived { get; set; }
}
