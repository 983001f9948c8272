using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>
/// Opportunity stage history (transaction): one row each time a deal's stage, amount or expected close date was set, as
/// the CRM records it (Salesforce OpportunityHistory), so the pipeline can be read as it stood on any day.
/// </summary>
[Table(Schema = Areas.Dw, Name = "fact_opportunity_stage")]
public sealed class FactOpportunityStage
{
    [Column("history_id", Length = 50, CanBeNull = false), PrimaryKey]
    public string HistoryId { get; set; } = "";

    [Column("deal_id", Length = 50, CanBeNull = false)]
    public string DealId { get; set; } = "";

    [Column("stage", Length = 100, CanBeNull = false)]
    public string Stage { get; set; } = "";

    [Column("changed_at", CanBeNull = false)]
    public DateTime ChangedAt { get; set; }

    [Column("changed_date_key", CanBeNull = false)]
    public int ChangedDateKey { get; set; }

    /// <summary>The expected close date set with this change (-1 when none).</summary>
    [Column("close_date_key", CanBeNull = false)]
    public int CloseDateKey { get; set; }

    [Column("probability", Precision = 5, Scale = 2, CanBeNull = true)]
    public decimal? Probability { get; set; }

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
