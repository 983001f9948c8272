using LinqToDB.Mapping;

namespace Warehouse.Jobs.Feed;

/// <summary>A row of kpi.kpi_value: every KPI per grain, period and slice, with its numerator and denominator.</summary>
[Table(Schema = "kpi", Name = "kpi_value")]
public sealed class KpiValueRow
{
    [Column("kpi_code")] public string KpiCode { get; set; } = "";
    [Column("grain")] public string Grain { get; set; } = "";
    [Column("period_start")] public DateOnly PeriodStart { get; set; }
    [Column("slice_name")] public string SliceName { get; set; } = "";
    [Column("slice_value")] public string SliceValue { get; set; } = "";
    [Column("numerator")] public double? Numerator { get; set; }
    [Column("denominator")] public double? Denominator { get; set; }
    [Column("value")] public double? Value { get; set; }
}
