using Warehouse.Engines;

namespace Warehouse.Etl.Transforms;

/// <summary>What a transform's SQL may depend on: the engine's differences and the settings.</summary>
public sealed record TransformContext(SqlDialect Dialect, WarehouseSettings Settings)
{
    public string True => Dialect.True;

    public string False => Dialect.False;

    /// <summary>valid_from of a first version: it covers every earlier fact.</summary>
    public string BeginningOfTime => Dialect.Timestamp(new DateTime(1900, 1, 1));

    public string EndOfTime => Dialect.Timestamp(new DateTime(9999, 12, 31));
}
