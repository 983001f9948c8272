using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>SLA policy targets by priority and metric.</summary>
[Table(Schema = Areas.Stg, Name = "zendesk_sla_target")]
public sealed class StgZendeskSlaTarget : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("policy_id", Length = 50, CanBeNull = false)]
    public string PolicyId { get; set; } = "";

    [Column("policy_title", Length = 200, CanBeNull = false)]
    public string PolicyTitle { get; set; } = "";

    [Column("priority", Length = 20, CanBeNull = false)]
    public string Priority { get; set; } = "";

    [Column("metric", Length = 50, CanBeNull = false)]
    public string Metric { get; set; } = "";

    [Column("target_minutes", CanBeNull = false)]
    public int TargetMinutes { get; set; }

    [Column("is_business_hours", CanBeNull = false)]
    public bool IsBusinessHours { get; set; }
}
