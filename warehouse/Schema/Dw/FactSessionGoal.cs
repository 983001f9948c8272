using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>One row per goal (key event) completed in a session.</summary>
[Table(Schema = Areas.Dw, Name = "fact_session_goal")]
public sealed class FactSessionGoal
{
    [Column("session_id", Length = 100, CanBeNull = false), PrimaryKey]
    public string SessionId { get; set; } = "";

    [Column("goal_name", Length = 100, CanBeNull = false), PrimaryKey]
    public string GoalName { get; set; } = "";

    [Column("session_date_key", CanBeNull = false)]
    public int SessionDateKey { get; set; }

    [Column("channel_key", CanBeNull = false)]
    public int ChannelKey { get; set; }

    [Column("campaign_key", CanBeNull = false)]
    public int CampaignKey { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
