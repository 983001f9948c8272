using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Lead (accumulating): created, MQL, opportunity, won or lost.</summary>
[Table(Schema = Areas.Dw, Name = "fact_lead_funnel")]
public sealed class FactLeadFunnel
{
    [Column("lead_id", Length = 50, CanBeNull = false), PrimaryKey]
    public string LeadId { get; set; } = "";

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    [Column("lead_source_key", CanBeNull = false)]
    public int LeadSourceKey { get; set; }

    [Column("campaign_key", CanBeNull = false)]
    public int CampaignKey { get; set; }

    [Column("owner_agent_key", CanBeNull = false)]
    public int OwnerAgentKey { get; set; }

    [Column("lead_created_at", CanBeNull = false)]
    public DateTime LeadCreatedAt { get; set; }

    [Column("lead_date_key", CanBeNull = false)]
    public int LeadDateKey { get; set; }

    [Column("mql_at", CanBeNull = true)]
    public DateTime? MqlAt { get; set; }

    [Column("opportunity_at", CanBeNull = true)]
    public DateTime? OpportunityAt { get; set; }

    [Column("customer_at", CanBeNull = true)]
    public DateTime? CustomerAt { get; set; }

    [Column("won_at", CanBeNull = true)]
    public DateTime? WonAt { get; set; }

    [Column("lost_at", CanBeNull = true)]
    public DateTime? LostAt { get; set; }

    [Column("amount_reporting", Precision = 18, Scale = 4, CanBeNull = true)]
    public decimal? AmountReporting { get; set; }

    [Column("is_archived", CanBeNull = false)]
    public bool IsArchived { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
