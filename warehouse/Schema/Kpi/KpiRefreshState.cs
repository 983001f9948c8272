using LinqToDB.Mapping;

namespace Warehouse.Schema.Kpi;

/// <summary>
/// kpi.kpi_refresh: for each KPI, the definition its rows in kpi.kpi_value were computed with (a hash of
/// its view's SQL) and when. A KPI whose definition or settings changed is computed again whole.
/// </summary>
[Table(Schema = Areas.Kpi, Name = "kpi_refresh")]
public sealed class KpiRefreshState
{
    [Column("kpi_code", Length = 40, CanBeNull = false), PrimaryKey]
    public string KpiCode { get; set; } = "";

    [Column("definition_hash", Length = 64, CanBeNull = false)]
    public string DefinitionHash { get; set; } = "";

    /// <summary>The first period the last refresh computed again; null when it computed every period.</summary>
    [Column("from_period", CanBeNull = true)]
    public DateOnly? FromPeriod { get; set; }

    [Column("rows_written", CanBeNull = false)]
    public long RowsWritten { get; set; }

    [Column("seconds", CanBeNull = false)]
    public double Seconds { get; set; }

    [Column("refreshed_at", CanBeNull = false)]
    public DateTime RefreshedAt { get; set; }
}
