using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Helpdesk satisfaction rating: good, bad, a 1–5 score, or offered and not answered (or unoffered); the KPIs count only the answers.</summary>
[Table(Schema = Areas.Dw, Name = "fact_satisfaction_rating")]
public sealed class FactSatisfactionRating
{
    [Column("rating_id", Length = 50, CanBeNull = false), PrimaryKey]
    public string RatingId { get; set; } = "";

    [Column("ticket_id", Length = 50, CanBeNull = false)]
    public string TicketId { get; set; } = "";

    [Column("rated_at", CanBeNull = false)]
    public DateTime RatedAt { get; set; }

    [Column("rated_date_key", CanBeNull = false)]
    public int RatedDateKey { get; set; }

    [Column("score", Length = 10, CanBeNull = false)]
    public string Score { get; set; } = "";

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    /// <summary>The Zendesk requester: a rating whose requester arrives later gets its customer key then.</summary>
    [Column("requester_id", Length = 50, CanBeNull = true)]
    public string? RequesterId { get; set; }

    [Column("agent_key", CanBeNull = false)]
    public int AgentKey { get; set; }

    [Column("channel_key", CanBeNull = false)]
    public int ChannelKey { get; set; }

    [Column("comment", CanBeNull = true)]
    public string? Comment { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
