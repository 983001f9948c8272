using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Zendesk groups (teams).</summary>
[Table(Schema = Areas.Stg, Name = "zendesk_group")]
public sealed class StgZendeskGroup : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("group_id", Length = 50, CanBeNull = false)]
    public string GroupId { get; set; } = "";

    [Column("group_name", Length = 100, CanBeNull = false)]
    public string GroupName { get; set; } = "";

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }
}
