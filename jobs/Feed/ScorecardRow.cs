using LinqToDB.Mapping;

namespace Warehouse.Jobs.Feed;

/// <summary>A row of exec.kpi_scorecard as the feed serves it (names as in the view).</summary>
[Table(Schema = "exec", Name = "kpi_scorecard")]
public sealed class ScorecardRow
{
    [Column("kpi_code")] public string KpiCode { get; set; } = "";
    [Column("area")] public string Area { get; set; } = "";
    [Column("kpi_name")] public string KpiName { get; set; } = "";
    [Column("unit")] public string Unit { get; set; } = "";
    [Column("month_start")] public DateOnly? MonthStart { get; set; }
    [Column("current_value")] public double? CurrentValue { get; set; }
    [Column("previous_month_value")] public double? PreviousMonthValue { get; set; }
    [Column("same_month_last_year_value")] public double? SameMonthLastYearValue { get; set; }
    [Column("change_from_previous_month")] public double? ChangeFromPreviousMonth { get; set; }
    [Column("change_from_last_year")] public double? ChangeFromLastYear { get; set; }
    [Column("direction_of_change")] public string DirectionOfChange { get; set; } = "";
    [Column("change_is")] public string ChangeIs { get; set; } = "";
    [Column("target_value")] public double? TargetValue { get; set; }
    [Column("warning_level")] public double? WarningLevel { get; set; }
    [Column("critical_level")] public double? CriticalLevel { get; set; }
    [Column("status")] public string Status { get; set; } = "";

    /// <summary>month, or persian_month when Warehouse:Calendar = persian and the KPI has Solar Hijri months.</summary>
    [Column("period_grain")] public string PeriodGrain { get; set; } = "month";
}
