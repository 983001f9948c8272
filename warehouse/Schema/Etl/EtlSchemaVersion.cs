using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>Schema versions applied to this warehouse.</summary>
[Table(Schema = Areas.Etl, Name = "schema_version")]
public sealed class EtlSchemaVersion
{
    [Column("version", CanBeNull = false), PrimaryKey]
    public int Version { get; set; }

    [Column("applied_at", CanBeNull = false)]
    public DateTime AppliedAt { get; set; }

    [Column("description", Length = 200, CanBeNull = false)]
    public string Description { get; set; } = "";
}
