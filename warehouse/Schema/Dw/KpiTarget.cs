using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>
/// Target, warning and critical level of a KPI (optionally for one slice), copied from the configured
/// thresholds (Alerts:Thresholds) so that the scorecard can show a status.
/// </summary>
[Table(Schema = Areas.Dw, Name = "kpi_target")]
public sealed class KpiTarget
{
    [Column("kpi_code", Length = 50, CanBeNull = false), PrimaryKey(0)]
    public string KpiCode { get; set; } = "";

    [Column("slice_name", Length = 50, CanBeNull = false), PrimaryKey(1)]
    public string SliceName { get; set; } = "";

    [Column("slice_value", Length = 200, CanBeNull = false), PrimaryKey(2)]
    public string SliceValue { get; set; } = "";

    [Column("target_value", CanBeNull = true)]
    public double? TargetValue { get; set; }

    [Column("warning_level", CanBeNull = true)]
    public double? WarningLevel { get; set; }

    [Column("critical_level", CanBeNull = true)]
    public double? CriticalLevel { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }
}
