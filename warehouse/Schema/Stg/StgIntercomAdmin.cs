using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Intercom admins (teammates): the agents of conversations; their first team is their team.</summary>
[Table(Schema = Areas.Stg, Name = "intercom_admin")]
public sealed class StgIntercomAdmin : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("admin_id", Length = 50, CanBeNull = false)]
    public string AdminId { get; set; } = "";

    [Column("admin_name", Length = 200, CanBeNull = true)]
    public string? AdminName { get; set; }

    [Column("team_id", Length = 50, CanBeNull = true)]
    public string? TeamId { get; set; }

    /// <summary>When the list was read: admins carry no update time.</summary>
    [Column("read_at", CanBeNull = false)]
    public DateTime ReadAt { get; set; }
}
