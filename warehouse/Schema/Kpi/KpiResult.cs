using LinqToDB.Mapping;

namespace Warehouse.Schema.Kpi;

/// <summary>
/// kpi.kpi_value: every KPI per grain, period and slice value, as its view computes it. The KPI refresh
/// writes it for the periods that new loads touched, so readers (exec views, the feed, alerts, the
/// <c>kpi</c> command, Power BI) get the figures without computing them from the facts.
/// </summary>
[Table(Schema = Areas.Kpi, Name = "kpi_value")]
public sealed class KpiResult
{
    [Column("kpi_code", Length = 40, CanBeNull = false), PrimaryKey(0)]
    public string KpiCode { get; set; } = "";

    [Column("grain", Length = 20, CanBeNull = false), PrimaryKey(1)]
    public string Grain { get; set; } = "";

    [Column("slice_name", Length = 50, CanBeNull = false), PrimaryKey(2)]
    public string SliceName { get; set; } = "";

    // As long as the longest dimension attribute a KPI is sliced by (campaign_name).
    [Column("slice_value", Length = 300, CanBeNull = false), PrimaryKey(3)]
    public string SliceValue { get; set; } = "";

    [Column("period_start", CanBeNull = false), PrimaryKey(4)]
    public DateOnly PeriodStart { get; set; }

    [Column("numerator", CanBeNull = true)]
    public double? Numerator { get; set; }

    [Column("denominator", CanBeNull = true)]
    public double? Denominator { get; set; }

    [Column("value", CanBeNull = true)]
    public double? Value { get; set; }
}
