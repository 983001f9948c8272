using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Schema.Dw;

namespace Warehouse.Kpis;

/// <summary>
/// Keeps dw.kpi_target equal to the configured thresholds (replaced in one transaction). A configuration that names no
/// threshold leaves the warehouse's targets as they are: the demo's stay after <c>serve</c> or <c>init</c>, and so do
/// targets a team keeps in the table itself.
/// </summary>
public static class KpiTargets
{
    /// <returns>The number of targets written, or null when none was configured and the warehouse's were kept.</returns>
    public static async Task<int?> SaveAsync(WarehouseDatabase database, IEnumerable<KpiThreshold> thresholds, CancellationToken ct = default)
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
        if (rows.Count == 0) return null;
        await using var db = database.Open();
        await using var transaction = await db.BeginTransactionAsync(ct);
        // Several servers starting together replace the targets one after another, not interleaved.
        if (database.Dialect.DeployLock is { } deployLock) await db.ExecuteAsync(deployLock, ct);
        await db.GetTable<KpiTarget>().DeleteAsync(ct);
        await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows }, rows, ct);
        await transaction.CommitAsync(ct);
        return rows.Count;
    }
}
