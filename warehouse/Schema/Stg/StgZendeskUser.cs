using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Zendesk users: agents and admins become agents, end users conformed customers.</summary>
[Table(Schema = Areas.Stg, Name = "zendesk_user")]
public sealed class StgZendeskUser : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("user_id", Length = 50, CanBeNull = false)]
    public string UserId { get; set; } = "";

    [Column("role", Length = 20, CanBeNull = false)]
    public string Role { get; set; } = "";

    [Column("customer_nk", Length = 100, CanBeNull = true)]
    public string? CustomerNk { get; set; }

    [Column("email_hash", Length = 64, CanBeNull = true)]
    public string? EmailHash { get; set; }

    [Column("email", Length = 320, CanBeNull = true)]
    public string? Email { get; set; }

    [Column("agent_name", Length = 200, CanBeNull = true)]
    public string? AgentName { get; set; }

    [Column("default_group_id", Length = 50, CanBeNull = true)]
    public string? DefaultGroupId { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }
}
