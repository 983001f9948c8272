using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Intercom companies: the organisations contacts belong to, into the company dimension.</summary>
[Table(Schema = Areas.Stg, Name = "intercom_company")]
public sealed class StgIntercomCompany : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("company_id", Length = 50, CanBeNull = false)]
    public string CompanyId { get; set; } = "";

    [Column("company_name", Length = 300, CanBeNull = false)]
    public string CompanyName { get; set; } = "";

    [Column("domain", Length = 300, CanBeNull = true)]
    public string? Domain { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }
}
