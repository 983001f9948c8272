using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Salesforce users (opportunity and lead owners) with their department as team.</summary>
[Table(Schema = Areas.Stg, Name = "salesforce_user")]
public sealed class StgSalesforceUser : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("user_id", Length = 50, CanBeNull = false)]
    public string UserId { get; set; } = "";

    [Column("user_name", Length = 200, CanBeNull = false)]
    public string UserName { get; set; } = "";

    [Column("team", Length = 100, CanBeNull = false)]
    public string Team { get; set; } = "";

    [Column("is_active", CanBeNull = false)]
    public bool IsActive { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_deleted", CanBeNull = false)]
    public bool IsDeleted { get; set; }
}
