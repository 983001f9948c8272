using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Where a CRM lead came from.</summary>
[Table(Schema = Areas.Dw, Name = "dim_lead_source")]
public sealed class DimLeadSource
{
    [Column("lead_source_key", CanBeNull = false), PrimaryKey]
    public int LeadSourceKey { get; set; }

    [Column("lead_source_code", Length = 100, CanBeNull = false)]
    public string LeadSourceCode { get; set; } = "";

    [Column("lead_source_name", Length = 100, CanBeNull = false)]
    public string LeadSourceName { get; set; } = "";

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
