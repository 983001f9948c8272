namespace Warehouse.Kpis;

/// <summary>One row of <c>kpi.kpi_value</c>: a KPI for one grain, period and slice value.</summary>
public sealed record KpiValue(
    string Code, string Grain, DateOnly PeriodStart, string SliceName, string SliceValue, double? Numerator, double? Denominator, double? Value);
