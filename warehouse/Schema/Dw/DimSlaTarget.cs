using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Current SLA targets in minutes, per ticket priority and metric.</summary>
[Table(Schema = Areas.Dw, Name = "dim_sla_target")]
public sealed class DimSlaTarget
{
    [Column("priority", Length = 20, CanBeNull = false), PrimaryKey]
    public string Priority { get; set; } = "";

    [Column("metric", Length = 50, CanBeNull = false), PrimaryKey]
    public string Metric { get; set; } = "";

    [Column("target_minutes", CanBeNull = false)]
    public int TargetMinutes { get; set; }

    [Column("is_business_hours", CanBeNull = false)]
    public bool IsBusinessHours { get; set; }

    [Column("policy_title", Length = 200, CanBeNull = false)]
    public string PolicyTitle { get; set; } = "";

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
