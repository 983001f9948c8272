namespace Warehouse.Etl.Landing;

/// <summary>What a stream knows while it is read: the load it lands in, the committed cursor and the settings.</summary>
public sealed record StreamContext(long LoadId, string? Cursor, WarehouseSettings Settings, TimeSpan Lookback);
