using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Web analytics sessions from the file drop (one row per session and key event).</summary>
[Table(Schema = Areas.Stg, Name = "web_session")]
public sealed class StgWebSession : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("session_id", Length = 100, CanBeNull = false)]
    public string SessionId { get; set; } = "";

    [Column("user_pseudo_id", Length = 100, CanBeNull = true)]
    public string? UserPseudoId { get; set; }

    [Column("user_id", Length = 100, CanBeNull = true)]
    public string? UserId { get; set; }

    [Column("started_at", CanBeNull = false)]
    public DateTime StartedAt { get; set; }

    [Column("session_date_key", CanBeNull = false)]
    public int SessionDateKey { get; set; }

    [Column("traffic_source", Length = 100, CanBeNull = false)]
    public string TrafficSource { get; set; } = "";

    [Column("traffic_medium", Length = 100, CanBeNull = false)]
    public string TrafficMedium { get; set; } = "";

    [Column("campaign", Length = 100, CanBeNull = true)]
    public string? Campaign { get; set; }

    [Column("landing_page", Length = 1000, CanBeNull = true)]
    public string? LandingPage { get; set; }

    [Column("page_views", CanBeNull = false)]
    public int PageViews { get; set; }

    [Column("is_engaged", CanBeNull = false)]
    public bool IsEngaged { get; set; }

    [Column("key_event_count", CanBeNull = false)]
    public int KeyEventCount { get; set; }

    [Column("goal_name", Length = 100, CanBeNull = true)]
    public string? GoalName { get; set; }

    [Column("transaction_id", Length = 64, CanBeNull = true)]
    public string? TransactionId { get; set; }

    [Column("device_category", Length = 30, CanBeNull = true)]
    public string? DeviceCategory { get; set; }

    [Column("country", Length = 100, CanBeNull = true)]
    public string? Country { get; set; }

    /// <summary>Where the record was read in its landing (file order, then line): of two copies of a record, the later one wins.</summary>
    [Column("source_row", CanBeNull = true)]
    public long? SourceRow { get; set; }
}
