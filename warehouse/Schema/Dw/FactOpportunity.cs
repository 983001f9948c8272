using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Deal (accumulating): created, and closed won or lost.</summary>
[Table(Schema = Areas.Dw, Name = "fact_opportunity")]
public sealed class FactOpportunity
{
    [Column("deal_id", Length = 50, CanBeNull = false), PrimaryKey]
    public string DealId { get; set; } = "";

    [Column("lead_id", Length = 50, CanBeNull = true)]
    public string? LeadId { get; set; }

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    [Column("owner_agent_key", CanBeNull = false)]
    public int OwnerAgentKey { get; set; }

    [Column("lead_source_key", CanBeNull = false)]
    public int LeadSourceKey { get; set; }

    [Column("campaign_key", CanBeNull = false)]
    public int CampaignKey { get; set; }

    [Column("pipeline", Length = 100, CanBeNull = false)]
    public string Pipeline { get; set; } = "";

    [Column("stage", Length = 100, CanBeNull = false)]
    public string Stage { get; set; } = "";

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("created_date_key", CanBeNull = false)]
    public int CreatedDateKey { get; set; }

    [Column("closed_at", CanBeNull = true)]
    public DateTime? ClosedAt { get; set; }

    [Column("closed_date_key", CanBeNull = false)]
    public int ClosedDateKey { get; set; }

    [Column("is_closed", CanBeNull = false)]
    public bool IsClosed { get; set; }

    [Column("is_won", CanBeNull = false)]
    public bool IsWon { get; set; }

    [Column("currency_key", CanBeNull = false)]
    public int CurrencyKey { get; set; }

    [Column("amount", Precision = 18, Scale = 4, CanBeNull = true)]
    public decimal? Amount { get; set; }

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
