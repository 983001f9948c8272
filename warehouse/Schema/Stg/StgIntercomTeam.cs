using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Intercom teams: the support groups of conversations.</summary>
[Table(Schema = Areas.Stg, Name = "intercom_team")]
public sealed class StgIntercomTeam : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("team_id", Length = 50, CanBeNull = false)]
    public string TeamId { get; set; } = "";

    [Column("team_name", Length = 100, CanBeNull = false)]
    public string TeamName { get; set; } = "";

    [Column("read_at", CanBeNull = false)]
    public DateTime ReadAt { get; set; }
}
