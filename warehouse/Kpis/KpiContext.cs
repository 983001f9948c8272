using Warehouse.Engines;

namespace Warehouse.Kpis;

/// <summary>What a KPI's SQL may depend on: the engine's few differences and the KPI settings.</summary>
public sealed record KpiContext(SqlDialect Dialect, WarehouseSettings Settings)
{
    public string True => Dialect.True;

    public string False => Dialect.False;

    public KpiSettings Kpis => Settings.Kpis;
}
