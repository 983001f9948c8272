using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Channel through which a session, order, ticket or survey came.</summary>
[Table(Schema = Areas.Dw, Name = "dim_channel")]
public sealed class DimChannel
{
    [Column("channel_key", CanBeNull = false), PrimaryKey]
    public int ChannelKey { get; set; }

    [Column("channel_code", Length = 30, CanBeNull = false)]
    public string ChannelCode { get; set; } = "";

    [Column("channel_name", Length = 50, CanBeNull = false)]
    public string ChannelName { get; set; } = "";

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
