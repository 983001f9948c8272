using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Salesforce contacts: people of the CRM joined to the conformed customer by e-mail.</summary>
[Table(Schema = Areas.Stg, Name = "salesforce_contact")]
public sealed class StgSalesforceContact : IStagingRow
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

    [Column("account_id", Length = 50, CanBeNull = true)]
    public string? AccountId { get; set; }

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_deleted", CanBeNull = false)]
    public bool IsDeleted { get; set; }
}
