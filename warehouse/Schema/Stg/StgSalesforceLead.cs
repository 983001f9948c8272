using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Salesforce leads with their conversion: the lead funnel's rows.</summary>
[Table(Schema = Areas.Stg, Name = "salesforce_lead")]
public sealed class StgSalesforceLead : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("lead_id", Length = 50, CanBeNull = false)]
    public string LeadId { get; set; } = "";

    [Column("customer_nk", Length = 100, CanBeNull = true)]
    public string? CustomerNk { get; set; }

    [Column("email_hash", Length = 64, CanBeNull = true)]
    public string? EmailHash { get; set; }

    [Column("email", Length = 320, CanBeNull = true)]
    public string? Email { get; set; }

    [Column("status", Length = 100, CanBeNull = true)]
    public string? Status { get; set; }

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("lead_date_key", CanBeNull = false)]
    public int LeadDateKey { get; set; }

    [Column("is_converted", CanBeNull = false)]
    public bool IsConverted { get; set; }

    [Column("converted_at", CanBeNull = true)]
    public DateTime? ConvertedAt { get; set; }

    [Column("converted_opportunity_id", Length = 50, CanBeNull = true)]
    public string? ConvertedOpportunityId { get; set; }

    [Column("converted_contact_id", Length = 50, CanBeNull = true)]
    public string? ConvertedContactId { get; set; }

    [Column("converted_account_id", Length = 50, CanBeNull = true)]
    public string? ConvertedAccountId { get; set; }

    [Column("lead_source", Length = 100, CanBeNull = true)]
    public string? LeadSource { get; set; }

    [Column("owner_id", Length = 50, CanBeNull = true)]
    public string? OwnerId { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_deleted", CanBeNull = false)]
    public bool IsDeleted { get; set; }
}
