using LinqToDB.Mapping;

namespace Warehouse.Schema.Etl;

/// <summary>
/// Work table of an incremental KPI refresh: the orders whose attribution it rebuilds. Filled and
/// emptied inside the refresh's transaction, so it is empty between refreshes.
/// </summary>
[Table(Schema = Areas.Etl, Name = "refresh_order")]
public sealed class EtlRefreshOrder
{
    [Column("order_id", Length = 64, CanBeNull = false), PrimaryKey]
    public string OrderId { get; set; } = "";
}
