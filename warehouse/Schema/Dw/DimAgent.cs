using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Support agent or sales owner (type 2: team changes).</summary>
[Table(Schema = Areas.Dw, Name = "dim_agent")]
public sealed class DimAgent
{
    [Column("agent_key", CanBeNull = false), PrimaryKey]
    public int AgentKey { get; set; }

    [Column("agent_id", Length = 100, CanBeNull = false)]
    public string AgentId { get; set; } = "";

    [Column("source_system", Length = 20, CanBeNull = false)]
    public string SourceSystem { get; set; } = "";

    [Column("agent_name", Length = 200, CanBeNull = false)]
    public string AgentName { get; set; } = "";

    [Column("team", Length = 100, CanBeNull = false)]
    public string Team { get; set; } = "";

    [Column("role", Length = 50, CanBeNull = false)]
    public string Role { get; set; } = "";

    [Column("valid_from", CanBeNull = false)]
    public DateTime ValidFrom { get; set; }

    [Column("valid_to", CanBeNull = false)]
    public DateTime ValidTo { get; set; }

    [Column("is_current", CanBeNull = false)]
    public bool IsCurrent { get; set; }

    [Column("is_inferred", CanBeNull = false)]
    public bool IsInferred { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = true)]
    public string? SourceInstance { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
