using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Reconciliation;

/// <summary>A deployed warehouse whose fixture days are the last dozen, and the reconciliation's day-by-day rows of an object.</summary>
public abstract class ReconciliationTest(EngineKind engine) : KpiTestBase(engine)
{
    [SetUp]
    public Task DeployFirstAsync() => DeployAsync();

    /// <summary>9:00 UTC of fixture day <paramref name="day"/>, day 11 being today: within the days counted one by one.</summary>
    protected static DateTime Day(int day) => DateTime.UtcNow.Date.AddDays(day - 11).AddHours(9);

    protected static string On(int day) => $"{DateOnly.FromDateTime(Day(day)):yyyy-MM-dd}";

    /// <summary>"day source/warehouse" of every checked day of the object that either side counts a record on.</summary>
    protected async Task<string[]> CountsAsync(string source, string objectName)
    {
        await using var db = Database.Open();
        var rows = await db.GetTable<EtlReconciliation>()
            .Where(r => r.Source == source && r.ObjectName == objectName && r.PeriodGrain == "day" && (r.SourceCount > 0 || r.WarehouseCount > 0))
            .OrderBy(r => r.PeriodStart).Select(r => new { r.PeriodStart, r.SourceCount, r.WarehouseCount }).ToListAsync();
        return rows.Select(r => $"{r.PeriodStart:yyyy-MM-dd} {r.SourceCount}/{r.WarehouseCount}").ToArray();
    }
}
