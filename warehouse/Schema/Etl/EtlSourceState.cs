using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>The committed incremental cursor of each source stream.</summary>
[Table(Schema = Areas.Etl, Name = "source_state")]
public sealed class EtlSourceState
{
    [Column("source", Length = 50, CanBeNull = false), PrimaryKey]
    public string Source { get; set; } = "";

    [Column("stream", Length = 100, CanBeNull = false), PrimaryKey]
    public string Stream { get; set; } = "";

    [Column("cursor_value", CanBeNull = true)]
    public string? CursorValue { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
