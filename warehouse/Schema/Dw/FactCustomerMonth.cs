using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Customer month (periodic snapshot): active at start, new, churned, orders and revenue.</summary>
[Table(Schema = Areas.Dw, Name = "fact_customer_month")]
public sealed class FactCustomerMonth
{
    [Column("customer_id", Length = 100, CanBeNull = false), PrimaryKey]
    public string CustomerId { get; set; } = "";

    [Column("month_date_key", CanBeNull = false), PrimaryKey]
    public int MonthDateKey { get; set; }

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    [Column("month_start", CanBeNull = false)]
    public DateOnly MonthStart { get; set; }

    [Column("is_active_at_start", CanBeNull = false)]
    public bool IsActiveAtStart { get; set; }

    [Column("is_new", CanBeNull = false)]
    public bool IsNew { get; set; }

    [Column("is_churned", CanBeNull = false)]
    public bool IsChurned { get; set; }

    [Column("is_active_at_end", CanBeNull = false)]
    public bool IsActiveAtEnd { get; set; }

    [Column("orders", CanBeNull = false)]
    public int Orders { get; set; }

    [Column("revenue_reporting", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal RevenueReporting { get; set; }

    /// <summary>Net revenue of the customer's orders up to the end of this month (historical lifetime value).</summary>
    [Column("revenue_to_date_reporting", Precision = 18, Scale = 4, CanBeNull = false)]
    public decimal RevenueToDateReporting { get; set; }

    /// <summary>The inactivity window (days) the activity and churn flags were computed with.</summary>
    [Column("inactivity_days", CanBeNull = false)]
    public int InactivityDays { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
