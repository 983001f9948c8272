using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>
/// Files of the drop folders already loaded, by name and content hash, with their accounting: the records read from
/// the file's bytes (counted apart from the parser) against those landed, quarantined, the header and blank lines.
/// Files loaded before schema version 14 have no accounting (null).
/// </summary>
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

    /// <summary>The reporting day the file was loaded on (its reconciliation period).</summary>
    [Column("loaded_date_key", CanBeNull = true)]
    public int? LoadedDateKey { get; set; }

    /// <summary>Records in the file, header and blank lines included (a quoted line break does not end a CSV record).</summary>
    [Column("records_read", CanBeNull = true)]
    public long? RecordsRead { get; set; }

    [Column("header_records", CanBeNull = true)]
    public long? HeaderRecords { get; set; }

    [Column("blank_records", CanBeNull = true)]
    public long? BlankRecords { get; set; }

    /// <summary>Records that became staging rows.</summary>
    [Column("records_landed", CanBeNull = true)]
    public long? RecordsLanded { get; set; }

    [Column("records_quarantined", CanBeNull = true)]
    public long? RecordsQuarantined { get; set; }
}
