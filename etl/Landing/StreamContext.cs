namespace Warehouse.Etl.Landing;

/// <summary>What a stream knows while it is read: the load it lands in, the committed cursor and the settings.</summary>
public sealed record StreamContext(long LoadId, string? Cursor, WarehouseSettings Settings, TimeSpan Lookback)
{
    /// <summary>For watermark streams: read records updated at or after this (the cursor less the lookback); null on a first run.</summary>
    public DateTime? Since => Cursor is null ? null : Watermark.Parse(Cursor) - Lookback;
}
