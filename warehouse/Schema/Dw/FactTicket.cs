using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Ticket (accumulating): created, first reply, first and last solve, closed; calendar and business minutes.</summary>
[Table(Schema = Areas.Dw, Name = "fact_ticket")]
public sealed class FactTicket
{
    [Column("ticket_id", Length = 50, CanBeNull = false), PrimaryKey]
    public string TicketId { get; set; } = "";

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("created_date_key", CanBeNull = false)]
    public int CreatedDateKey { get; set; }

    [Column("first_reply_at", CanBeNull = true)]
    public DateTime? FirstReplyAt { get; set; }

    [Column("first_solved_at", CanBeNull = true)]
    public DateTime? FirstSolvedAt { get; set; }

    [Column("last_solved_at", CanBeNull = true)]
    public DateTime? LastSolvedAt { get; set; }

    [Column("solved_date_key", CanBeNull = false)]
    public int SolvedDateKey { get; set; }

    [Column("closed_at", CanBeNull = true)]
    public DateTime? ClosedAt { get; set; }

    [Column("solve_count", CanBeNull = false)]
    public int SolveCount { get; set; }

    [Column("reopen_count", CanBeNull = false)]
    public int ReopenCount { get; set; }

    [Column("public_agent_reply_count", CanBeNull = false)]
    public int PublicAgentReplyCount { get; set; }

    [Column("channel_key", CanBeNull = false)]
    public int ChannelKey { get; set; }

    [Column("ticket_attribute_key", CanBeNull = false)]
    public int TicketAttributeKey { get; set; }

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    /// <summary>The Zendesk requester: a ticket whose requester arrives later gets its customer key then.</summary>
    [Column("requester_id", Length = 50, CanBeNull = true)]
    public string? RequesterId { get; set; }

    [Column("agent_key", CanBeNull = false)]
    public int AgentKey { get; set; }

    [Column("group_name", Length = 100, CanBeNull = true)]
    public string? GroupName { get; set; }

    [Column("first_reply_minutes", CanBeNull = true)]
    public double? FirstReplyMinutes { get; set; }

    [Column("first_reply_business_minutes", CanBeNull = true)]
    public double? FirstReplyBusinessMinutes { get; set; }

    [Column("first_resolution_minutes", CanBeNull = true)]
    public double? FirstResolutionMinutes { get; set; }

    [Column("first_resolution_business_minutes", CanBeNull = true)]
    public double? FirstResolutionBusinessMinutes { get; set; }

    [Column("full_resolution_minutes", CanBeNull = true)]
    public double? FullResolutionMinutes { get; set; }

    [Column("full_resolution_business_minutes", CanBeNull = true)]
    public double? FullResolutionBusinessMinutes { get; set; }

    [Column("sla_first_reply_target_minutes", CanBeNull = true)]
    public int? SlaFirstReplyTargetMinutes { get; set; }

    [Column("sla_resolution_target_minutes", CanBeNull = true)]
    public int? SlaResolutionTargetMinutes { get; set; }

    [Column("is_sla_first_reply_breached", CanBeNull = false)]
    public bool IsSlaFirstReplyBreached { get; set; }

    [Column("is_sla_resolution_breached", CanBeNull = false)]
    public bool IsSlaResolutionBreached { get; set; }

    [Column("is_deleted", CanBeNull = false)]
    public bool IsDeleted { get; set; }

    [Column("is_merged", CanBeNull = false)]
    public bool IsMerged { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
