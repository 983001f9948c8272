using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Salesforce OpportunityHistory: one row each time an opportunity's stage, amount or close date was set.</summary>
[Table(Schema = Areas.Stg, Name = "salesforce_opportunity_history")]
public sealed class StgSalesforceOpportunityHistory : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("history_id", Length = 50, CanBeNull = false)]
    public string HistoryId { get; set; } = "";

    [Column("opportunity_id", Length = 50, CanBeNull = false)]
    public string OpportunityId { get; set; } = "";

    [Column("stage", Length = 100, CanBeNull = false)]
    public string Stage { get; set; } = "";

    [Column("amount", Precision = 18, Scale = 4, CanBeNull = true)]
    public decimal? Amount { get; set; }

    [Column("currency", Length = 3, CanBeNull = false)]
    public string Currency { get; set; } = "";

    [Column("probability", Precision = 5, Scale = 2, CanBeNull = true)]
    public decimal? Probability { get; set; }

    [Column("close_date_key", CanBeNull = false)]
    public int CloseDateKey { get; set; }

    [Column("changed_at", CanBeNull = false)]
    public DateTime ChangedAt { get; set; }

    [Column("changed_date_key", CanBeNull = false)]
    public int ChangedDateKey { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("is_deleted", CanBeNull = false)]
    public bool IsDeleted { get; set; }
}
