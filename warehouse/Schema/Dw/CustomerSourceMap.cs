using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Which source record belongs to which conformed customer.</summary>
[Table(Schema = Areas.Dw, Name = "customer_source_map")]
public sealed class CustomerSourceMap
{
    [Column("source_system", Length = 20, CanBeNull = false), PrimaryKey]
    public string SourceSystem { get; set; } = "";

    [Column("source_customer_id", Length = 100, CanBeNull = false), PrimaryKey]
    public string SourceCustomerId { get; set; } = "";

    [Column("customer_id", Length = 100, CanBeNull = false)]
    public string CustomerId { get; set; } = "";

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
