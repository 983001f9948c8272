using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Helpdesk groups: the team an agent belongs to.</summary>
[Table(Schema = Areas.Dw, Name = "support_group")]
public sealed class SupportGroup
{
    [Column("group_id", Length = 50, CanBeNull = false), PrimaryKey]
    public string GroupId { get; set; } = "";

    [Column("group_name", Length = 100, CanBeNull = false)]
    public string GroupName { get; set; } = "";

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
