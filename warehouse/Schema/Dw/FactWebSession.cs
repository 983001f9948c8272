using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Web session with its channel, campaign and whether it converted.</summary>
[Table(Schema = Areas.Dw, Name = "fact_web_session")]
public sealed class FactWebSession
{
    [Column("session_id", Length = 100, CanBeNull = false), PrimaryKey]
    public string SessionId { get; set; } = "";

    [Column("session_date_key", CanBeNull = false)]
    public int SessionDateKey { get; set; }

    [Column("started_at", CanBeNull = false)]
    public DateTime StartedAt { get; set; }

    [Column("user_pseudo_id", Length = 100, CanBeNull = true)]
    public string? UserPseudoId { get; set; }

    /// <summary>The shop's customer id the session names: a session loaded before that customer gets its customer key when the customer arrives.</summary>
    [Column("user_id", Length = 100, CanBeNull = true)]
    public string? UserId { get; set; }

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    [Column("channel_key", CanBeNull = false)]
    public int ChannelKey { get; set; }

    [Column("campaign_key", CanBeNull = false)]
    public int CampaignKey { get; set; }

    [Column("traffic_source", Length = 100, CanBeNull = false)]
    public string TrafficSource { get; set; } = "";

    [Column("traffic_medium", Length = 100, CanBeNull = false)]
    public string TrafficMedium { get; set; } = "";

    [Column("landing_page", Length = 1000, CanBeNull = true)]
    public string? LandingPage { get; set; }

    [Column("device_category", Length = 30, CanBeNull = true)]
    public string? DeviceCategory { get; set; }

    [Column("page_views", CanBeNull = false)]
    public int PageViews { get; set; }

    [Column("is_engaged", CanBeNull = false)]
    public bool IsEngaged { get; set; }

    [Column("is_direct", CanBeNull = false)]
    public bool IsDirect { get; set; }

    [Column("key_event_count", CanBeNull = false)]
    public int KeyEventCount { get; set; }

    [Column("transaction_id", Length = 64, CanBeNull = true)]
    public string? TransactionId { get; set; }

    [Column("order_id", Length = 64, CanBeNull = true)]
    public string? OrderId { get; set; }

    [Column("is_converted", CanBeNull = false)]
    public bool IsConverted { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
