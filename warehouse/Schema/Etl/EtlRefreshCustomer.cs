using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>
/// Work table of an incremental KPI refresh: the customers whose derived facts it rebuilds. Filled and
/// emptied inside the refresh's transaction, so it is empty between refreshes.
/// </summary>
[Table(Schema = Areas.Etl, Name = "refresh_customer")]
public sealed class EtlRefreshCustomer
{
    [Column("customer_id", Length = 100, CanBeNull = false), PrimaryKey]
    public string CustomerId { get; set; } = "";
}
