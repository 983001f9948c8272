using LinqToDB.Mapping;

namespace Warehouse.Schema.Kpi;

/// <summary>
/// kpi.kpi_value_extra: the figures a KPI shows beside its value (counts, medians, alternative measures),
/// one row per figure, keyed like <see cref="KpiResult"/>. Written by the KPI refresh with the values.
/// </summary>
[Table(Schema = Areas.Kpi, Name = "kpi_value_extra")]
public sealed class KpiResultExtra
{
    [Column("kpi_code", Length = 40, CanBeNull = false), PrimaryKey(0)]
    public string KpiCode { get; set; } = "";

    [Column("grain", Length = 20, CanBeNull = false), PrimaryKey(1)]
    public string Grain { get; set; } = "";

    [Column("slice_name", Length = 50, CanBeNull = false), PrimaryKey(2)]
    public string SliceName { get; set; } = "";

    [Column("slice_value", Length = 300, CanBeNull = false), PrimaryKey(3)]
    public string SliceValue { get; set; } = "";

    [Column("period_start", CanBeNull = false), PrimaryKey(4)]
    public DateOnly PeriodStart { get; set; }

    [Column("extra_name", Length = 40, CanBeNull = false), PrimaryKey(5)]
    public string ExtraName { get; set; } = "";

    [Column("extra_value", CanBeNull = true)]
    public double? ExtraValue { get; set; }
}
