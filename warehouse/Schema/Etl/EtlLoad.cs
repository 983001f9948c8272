using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>One row per run of a source stream: what it read, landed and quarantined.</summary>
[Table(Schema = Areas.Etl, Name = "load")]
public sealed class EtlLoad
{
    [Column("load_id", CanBeNull = false), PrimaryKey, Identity, InsertionOrdered]
    public long LoadId { get; set; }

    [Column("source", Length = 50, CanBeNull = false)]
    public string Source { get; set; } = "";

    [Column("stream", Length = 100, CanBeNull = false)]
    public string Stream { get; set; } = "";

    [Column("started_at", CanBeNull = false)]
    public DateTime StartedAt { get; set; }

    [Column("ended_at", CanBeNull = true)]
    public DateTime? EndedAt { get; set; }

    [Column("status", Length = 20, CanBeNull = false)]
    public string Status { get; set; } = "";

    [Column("rows_read", CanBeNull = false)]
    public long RowsRead { get; set; }

    [Column("rows_landed", CanBeNull = false)]
    public long RowsLanded { get; set; }

    [Column("rows_quarantined", CanBeNull = false)]
    public long RowsQuarantined { get; set; }

    /// <summary>When the KPI refresh took in this load's facts; null until then.</summary>
    [Column("refreshed_at", CanBeNull = true)]
    public DateTime? RefreshedAt { get; set; }

    [Column("error", CanBeNull = true)]
    public string? Error { get; set; }
}
