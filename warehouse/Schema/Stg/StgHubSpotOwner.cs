using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>HubSpot owners (sales people) with their primary team.</summary>
[Table(Schema = Areas.Stg, Name = "hubspot_owner")]
public sealed class StgHubSpotOwner : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("owner_id", Length = 50, CanBeNull = false)]
    public string OwnerId { get; set; } = "";

    [Column("owner_name", Length = 200, CanBeNull = false)]
    public string OwnerName { get; set; } = "";

    [Column("team", Length = 100, CanBeNull = false)]
    public string Team { get; set; } = "";

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_archived", CanBeNull = false)]
    public bool IsArchived { get; set; }
}
