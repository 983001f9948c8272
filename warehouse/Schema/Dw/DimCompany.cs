using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Companies (accounts) of the CRM, current attributes (type 1).</summary>
[Table(Schema = Areas.Dw, Name = "dim_company")]
public sealed class DimCompany
{
    [Column("company_key", CanBeNull = false), PrimaryKey]
    public int CompanyKey { get; set; }

    [Column("company_id", Length = 100, CanBeNull = false)]
    public string CompanyId { get; set; } = "";

    [Column("company_name", Length = 300, CanBeNull = false)]
    public string CompanyName { get; set; } = "";

    [Column("domain", Length = 300, CanBeNull = true)]
    public string? Domain { get; set; }

    [Column("is_archived", CanBeNull = false)]
    public bool IsArchived { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = true)]
    public string? SourceInstance { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
