using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>Files of the drop folders already loaded, by name and content hash.</summary>
[Table(Schema = Areas.Etl, Name = "loaded_file")]
public sealed class EtlLoadedFile
{
    [Column("source", Length = 50, CanBeNull = false), PrimaryKey]
    public string Source { get; set; } = "";

    [Column("stream", Length = 100, CanBeNull = false), PrimaryKey]
    public string Stream { get; set; } = "";

    [Column("file_name", Length = 400, CanBeNull = false), PrimaryKey]
    public string FileName { get; set; } = "";

    [Column("content_hash", Length = 64, CanBeNull = false), PrimaryKey]
    public string ContentHash { get; set; } = "";

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column("loaded_at", CanBeNull = false)]
    public DateTime LoadedAt { get; set; }
}
