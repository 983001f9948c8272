using LinqToDB.Mapping;

namespace Warehouse.Jobs.Feed;

/// <summary>A row of exec.kpi_trend: one KPI in one of the last 13 months.</summary>
[Table(Schema = "exec", Name = "kpi_trend")]
public sealed class TrendRow
{
    [Column("kpi_code")] public string KpiCode { get; set; } = "";
    [Column("month_start")] public DateOnly MonthStart { get; set; }
    [Column("area")] public string Area { get; set; } = "";
    [Column("kpi_name")] public string KpiName { get; set; } = "";
    [Column("unit")] public string Unit { get; set; } = "";
    [Column("value")] public double? Value { get; set; }
    [Column("target_value")] public double? TargetValue { get; set; }
    [Column("status")] public string Status { get; set; } = "";
    [Column("months_ago")] public long MonthsAgo { get; set; }

    /// <summary>month, or persian_month when Warehouse:Calendar = persian and the KPI has Solar Hijri months.</summary>
    [Column("period_grain")] public string PeriodGrain { get; set; } = "month";
}
