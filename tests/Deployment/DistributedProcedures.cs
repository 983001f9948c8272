using Warehouse.Engines;
using Warehouse.Etl.Transforms;
using Warehouse.Kpis;

namespace Warehouse.Tests.Deployment;

/// <summary>
/// Everything the warehouse runs on an engine besides its schema, as stored procedures DacFx can validate: each
/// source's transform, the derived facts and the KPI refresh (whole and from a period on).
/// </summary>
internal static class DistributedProcedures
{
    public static IEnumerable<string> Names() => [.. Warehouse.Etl.Sources.SourceModules.Names.Select(n => n.ToLowerInvariant()), "derived", "kpi_refresh"];

    public static string Render(EngineKind engine, string name)
    {
        var dialect = SqlDialect.For(engine);
        IEnumerable<string> statements = name switch
        {
            "derived" => DerivedFacts.Steps.SelectMany(s => s.Statements(new TransformContext(dialect, new WarehouseSettings()))),
            "kpi_refresh" => KpiCatalogue.All.SelectMany(k => new DateOnly?[] { null, new DateOnly(2025, 1, 1) }.SelectMany(from =>
            {
                var replace = KpiValues.Statements(k, new KpiContext(dialect, new WarehouseSettings()), from);
                return replace.Delete.Append(replace.Values).Concat(replace.Extras is { } extras ? [extras] : Array.Empty<string>());
            })),
            _ => Warehouse.Etl.Sources.SourceModules.Find(name).Transform.SelectMany(s => s.Statements(new TransformContext(dialect, new WarehouseSettings()))),
        };
        return $"CREATE PROCEDURE [etl].[run_{name}] AS\nBEGIN\n{string.Join(";\n", statements)};\nEND\nGO\n";
    }
}
