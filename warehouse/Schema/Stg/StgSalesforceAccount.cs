using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Salesforce accounts, the companies of the CRM.</summary>
[Table(Schema = Areas.Stg, Name = "salesforce_account")]
public sealed class StgSalesforceAccount : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("account_id", Length = 50, CanBeNull = false)]
    public string AccountId { get; set; } = "";

    [Column("account_name", Length = 300, CanBeNull = false)]
    public string AccountName { get; set; } = "";

    [Column("domain", Length = 300, CanBeNull = true)]
    public string? Domain { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_deleted", CanBeNull = false)]
    public bool IsDeleted { get; set; }
}
