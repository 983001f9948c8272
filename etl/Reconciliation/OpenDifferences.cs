using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Schema.Etl;

namespace Warehouse.Etl.Reconciliation;

/// <summary>
/// The differences still open: for each source, object and period, its latest check when that is beyond tolerance.
/// A later check of the period that passes (after a backfill, or once the source caught up) closes it.
/// </summary>
public static class OpenDifferences
{
    public static async Task<List<EtlReconciliation>> ReadAsync(WarehouseDatabase database, CancellationToken ct)
    {
        await using var db = database.Open();
        var latest = db.GetTable<EtlReconciliation>()
            .GroupBy(r => new { r.Source, r.ObjectName, r.PeriodGrain, r.PeriodStart })
            .Select(g => g.Max(r => r.ReconciliationId));
        return await db.GetTable<EtlReconciliation>().Where(r => !r.IsReconciled && latest.Contains(r.ReconciliationId))
            .OrderBy(r => r.Source).ThenBy(r => r.ObjectName).ThenBy(r => r.PeriodStart).ToListAsync(ct);
    }
}
