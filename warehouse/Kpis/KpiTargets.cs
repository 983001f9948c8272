using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Schema.Dw;

namespace Warehouse.Kpis;

/// <summary>Keeps dw.kpi_target equal to the configured thresholds (replaced in one transaction).</summary>
public static class KpiTargets
{
    public static async Task SaveAsync(WarehouseDatabase database, IEnumerable<KpiThreshold> thresholds, CancellationToken ct = default)
    {
        var now = DateTime.UtcNow;
        var rows = thresholds
            .Select(t => new KpiTarget
            {
                KpiCode = KpiCatalogue.Find(t.Kpi).Code, SliceName = t.Slice, SliceValue = t.SliceValue,
                TargetValue = t.Target, WarningLevel = t.Warning, CriticalLevel = t.Critical, UpdatedAt = now,
            })
            .DistinctBy(t => (t.KpiCode, t.SliceName, t.SliceValue))
            .ToList();
        await using var db = database.Open();
        await using var transaction = await db.BeginTransactionAsync(ct);
        // Several servers starting together replace the targets one after another, not interleaved.
        if (database.Dialect.DeployLock is { } deployLock) await db.ExecuteAsync(deployLock, ct);
        await db.GetTable<KpiTarget>().DeleteAsync(ct);
        if (rows.Count > 0) await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows }, rows, ct);
        await transaction.CommitAsync(ct);
    }
}
