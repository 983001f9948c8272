using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>
/// One row per attempt of a step of a scheduled source run (land, transform, refresh, reconcile, alerts): which
/// server ran it, when, and how it ended. The run history outlives the job storage's own.
/// </summary>
[Table(Schema = Areas.Etl, Name = "run_step")]
public sealed class EtlRunStep
{
    [Column("run_step_id", CanBeNull = false), PrimaryKey, Identity, InsertionOrdered]
    public long RunStepId { get; set; }

    [Column("run_id", Length = 64, CanBeNull = false)]
    public string RunId { get; set; } = "";

    [Column("source", Length = 50, CanBeNull = false)]
    public string Source { get; set; } = "";

    [Column("step", Length = 20, CanBeNull = false)]
    public string Step { get; set; } = "";

    [Column("job_id", Length = 64, CanBeNull = true)]
    public string? JobId { get; set; }

    [Column("server_name", Length = 200, CanBeNull = false)]
    public string ServerName { get; set; } = "";

    [Column("started_at", CanBeNull = false)]
    public DateTime StartedAt { get; set; }

    [Column("ended_at", CanBeNull = true)]
    public DateTime? EndedAt { get; set; }

    [Column("status", Length = 20, CanBeNull = false)]
    public string Status { get; set; } = "";

    [Column("error", Length = 2000, CanBeNull = true)]
    public string? Error { get; set; }
}
