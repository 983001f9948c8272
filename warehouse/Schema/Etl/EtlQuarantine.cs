using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>Records that failed validation, kept with the reason, where they came from (a file and line) and the raw payload.</summary>
[Table(Schema = Areas.Etl, Name = "quarantine")]
public sealed class EtlQuarantine
{
    [Column("quarantine_id", CanBeNull = false), PrimaryKey, Identity]
    public long QuarantineId { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column("source", Length = 50, CanBeNull = false)]
    public string Source { get; set; } = "";

    [Column("stream", Length = 100, CanBeNull = false)]
    public string Stream { get; set; } = "";

    [Column("reason", Length = 500, CanBeNull = false)]
    public string Reason { get; set; } = "";

    /// <summary>Where a file's record came from ("spend.csv line 5"); null for API records.</summary>
    [Column("origin", Length = 300, CanBeNull = true)]
    public string? Origin { get; set; }

    [Column("raw_payload", CanBeNull = true)]
    public string? RawPayload { get; set; }

    [Column("quarantined_at", CanBeNull = false)]
    public DateTime QuarantinedAt { get; set; }
}
