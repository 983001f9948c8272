using System.Diagnostics;
using LinqToDB.Data;
using Serilog;
using Warehouse.Engines;

namespace Warehouse.Etl.Transforms;

/// <summary>
/// Refreshes the KPI layer after a source's transform: the derived facts (attribution, customer months)
/// are rebuilt in one transaction; the KPI views read the facts directly and need nothing more.
/// </summary>
public sealed class KpiLayerRefresher(WarehouseDatabase database, WarehouseSettings settings)
{
    public async Task RefreshAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var context = new TransformContext(database.Dialect, settings);
        await using var db = database.Open();
        db.CommandTimeout = 0;
        await using var transaction = await db.BeginTransactionAsync(ct);
        foreach (var statement in DerivedFacts.Steps.SelectMany(s => s.Statements(context)))
        {
            await db.ExecuteAsync(statement, ct);
            foreach (var table in WrittenTables.Of(statement))
            {
                if (database.Dialect.RefreshStatistics(table) is { } analyze) await db.ExecuteAsync(analyze, ct);
            }
        }

        await transaction.CommitAsync(ct);
        Log.Information("KPI layer refreshed in {Seconds:0.0} s", clock.Elapsed.TotalSeconds);
    }
}
