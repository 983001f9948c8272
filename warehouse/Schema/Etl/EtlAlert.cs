using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>KPI threshold breaches and stale sources.</summary>
[Table(Schema = Areas.Etl, Name = "alert")]
public sealed class EtlAlert
{
    [Column("alert_id", CanBeNull = false), PrimaryKey, Identity, InsertionOrdered]
    public long AlertId { get; set; }

    [Column("raised_at", CanBeNull = false)]
    public DateTime RaisedAt { get; set; }

    [Column("alert_kind", Length = 30, CanBeNull = false)]
    public string AlertKind { get; set; } = "";

    [Column("kpi_code", Length = 50, CanBeNull = true)]
    public string? KpiCode { get; set; }

    [Column("source", Length = 50, CanBeNull = true)]
    public string? Source { get; set; }

    [Column("period_start", CanBeNull = true)]
    public DateOnly? PeriodStart { get; set; }

    [Column("slice_name", Length = 50, CanBeNull = true)]
    public string? SliceName { get; set; }

    [Column("slice_value", Length = 200, CanBeNull = true)]
    public string? SliceValue { get; set; }

    [Column("observed_value", CanBeNull = true)]
    public double? ObservedValue { get; set; }

    [Column("threshold_value", CanBeNull = true)]
    public double? ThresholdValue { get; set; }

    [Column("severity", Length = 20, CanBeNull = false)]
    public string Severity { get; set; } = "";

    [Column("message", Length = 1000, CanBeNull = false)]
    public string Message { get; set; } = "";

    [Column("delivered_at", CanBeNull = true)]
    public DateTime? DeliveredAt { get; set; }
}
