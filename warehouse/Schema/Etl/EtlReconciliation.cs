using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>
/// One check of what the warehouse holds against what a source reports for an object and a period: the source's own
/// count, the warehouse's, the records quarantined instead, and whether the difference was within its tolerance. Every
/// check is kept, so a difference can be followed until a backfill closes it.
/// </summary>
[Table(Schema = Areas.Etl, Name = "reconciliation")]
public sealed class EtlReconciliation
{
    [Column("reconciliation_id", CanBeNull = false), PrimaryKey, Identity]
    public long ReconciliationId { get; set; }

    /// <summary>The run the check belongs to (a run of the source, or a <c>reconcile</c> command).</summary>
    [Column("run_id", Length = 64, CanBeNull = false)]
    public string RunId { get; set; } = "";

    /// <summary>The source instance's key, as in etl.load (<c>Shopify</c>, <c>Shopify:eu</c>).</summary>
    [Column("source", Length = 50, CanBeNull = false)]
    public string Source { get; set; } = "";

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    /// <summary>What was counted: <c>orders</c>, <c>customers</c>, <c>tickets</c>, a file's name...</summary>
    [Column("object", Length = 300, CanBeNull = false)]
    public string ObjectName { get; set; } = "";

    /// <summary>The first day of the period counted, in the reporting time zone; the day of the check for a whole-account count.</summary>
    [Column("period_start", CanBeNull = false)]
    public DateOnly PeriodStart { get; set; }

    /// <summary><c>day</c>, <c>month</c>, <c>total</c> (the whole account) or <c>file</c>.</summary>
    [Column("period_grain", Length = 10, CanBeNull = false)]
    public string PeriodGrain { get; set; } = "";

    [Column("source_count", CanBeNull = false)]
    public long SourceCount { get; set; }

    [Column("warehouse_count", CanBeNull = false)]
    public long WarehouseCount { get; set; }

    /// <summary>Records of the period the warehouse quarantined instead of loading: accounted for, not missing.</summary>
    [Column("quarantined_count", CanBeNull = false)]
    public long QuarantinedCount { get; set; }

    /// <summary>Source count less warehouse and quarantined counts: above 0 the warehouse lacks records, below 0 it holds more.</summary>
    [Column("difference", CanBeNull = false)]
    public long Difference { get; set; }

    /// <summary><c>exact</c>, or <c>at_least</c> where the source capped its count (then only a warehouse short of it is a difference).</summary>
    [Column("count_precision", Length = 20, CanBeNull = false)]
    public string CountPrecision { get; set; } = "";

    /// <summary>The difference allowed for the period (Reconciliation:Tolerance, or :RecentTolerance for today and yesterday).</summary>
    [Column("tolerance", CanBeNull = false)]
    public long Tolerance { get; set; }

    /// <summary>False when the difference is beyond the tolerance: the source instance is "not reconciled" until a later check of the period passes.</summary>
    [Column("is_reconciled", CanBeNull = false)]
    public bool IsReconciled { get; set; }

    [Column("checked_at", CanBeNull = false)]
    public DateTime CheckedAt { get; set; }
}
