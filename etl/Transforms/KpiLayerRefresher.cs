using System.Diagnostics;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Serilog;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Kpis;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;

namespace Warehouse.Etl.Transforms;

/// <summary>
/// Refreshes the KPI layer after a source's transform, in one transaction: the succeeded loads not yet
/// refreshed are stamped, and the derived facts (attribution, customer months) are rebuilt for what those
/// loads touched. They are rebuilt whole when the snapshot is empty, was computed with other settings, or
/// its last month moved. Then kpi.kpi_value is written from the KPI views for the periods those loads
/// touched (<see cref="KpiValues"/>), in the same transaction: readers see the old figures or the new, never a mix.
/// </summary>
public sealed class KpiLayerRefresher(WarehouseDatabase database, WarehouseSettings settings)
{
    public Task<KpiValues.Outcome> RefreshAsync(CancellationToken ct) => RefreshAsync(whole: false, ct);

    /// <param name="whole">Rebuild the derived facts whole even when an incremental refresh would do.</param>
    /// <param name="ct">Cancels the refresh; nothing of it is kept.</param>
    /// <returns>What the refresh wrote to kpi.kpi_value.</returns>
    public async Task<KpiValues.Outcome> RefreshAsync(bool whole, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var context = new TransformContext(database.Dialect, settings);
        await using var db = database.Open();
        db.CommandTimeout = 0;
        await using var transaction = await db.BeginTransactionAsync(ct);
        if (database.Dialect.StarLock is { } starLock) await db.ExecuteAsync(starLock, ct);
        if (database.Dialect.TransformSessionSetting is { } setting) await db.ExecuteAsync(setting, ct);

        // The stamp names this refresh's loads, so it is unique: milliseconds (what every engine keeps),
        // and later than any earlier stamp even if this server's clock is behind.
        var now = DateTime.UtcNow;
        var stamp = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Unspecified);
        var latest = await db.GetTable<EtlLoad>().MaxAsync(l => l.RefreshedAt, ct);
        if (latest is { } previous && stamp <= previous) stamp = previous.AddMilliseconds(1);
        var loads = await db.GetTable<EtlLoad>().Where(l => l.Status == LoadStatus.Succeeded && l.RefreshedAt == null)
            .Set(l => l.RefreshedAt, stamp).UpdateAsync(ct);

        var (horizon, reason) = whole ? (null, "asked for") : await IncrementalHorizonAsync(db, ct);
        var steps = horizon is null ? DerivedFacts.Steps : DerivedFacts.Incremental(stamp, horizon.Value);
        foreach (var step in steps)
        {
            await step.RunAsync(db, context, "The KPI refresh", ct);
        }

        var derivedSeconds = clock.Elapsed.TotalSeconds;
        var kpiLoads = horizon is null ? null : $"SELECT load_id FROM etl.load WHERE refreshed_at = {database.Dialect.Timestamp(stamp)}";
        var values = await KpiValues.RefreshAsync(db, new KpiContext(database.Dialect, settings), kpiLoads, ct);
        await transaction.CommitAsync(ct);
        Log.Information("KPI layer refreshed {Mode} ({Reason}) after {Loads} new loads in {Seconds:0.0} s: derived facts {DerivedSeconds:0.0} s; kpi.kpi_value: {Values}",
            horizon is null ? "whole" : "incrementally", reason, loads, clock.Elapsed.TotalSeconds, derivedSeconds, values.ToString());
        return values;
    }

    /// <summary>The snapshot's last month when an incremental refresh is enough, else null and why not.</summary>
    private async Task<(DateOnly? Horizon, string Reason)> IncrementalHorizonAsync(DataConnection db, CancellationToken ct)
    {
        var months = db.GetTable<FactCustomerMonth>();
        var snapshotLast = await months.MaxAsync(m => (int?)m.MonthDateKey, ct);
        if (snapshotLast is null) return (null, "no snapshot yet");
        if (!await db.GetTable<FactOrder>().AnyAsync(ct)) return (null, "no order facts yet");

        // A snapshot from an earlier schema version holds no window (NULL): that counts as other settings.
        var window = settings.Kpis.ChurnInactivityDays;
        if (await months.AnyAsync(m => Sql.ToNullable(m.InactivityDays) == null || m.InactivityDays != window, ct)) return (null, "another inactivity window");
        var lookback = settings.Kpis.AttributionLookbackDays;
        if (await db.GetTable<FactOrderAttribution>().AnyAsync(a => a.LookbackDays != lookback, ct)) return (null, "another attribution lookback");

        var goals = await db.GetTable<FactSessionGoal>().Select(g => g.GoalName).Distinct().CountAsync(ct);
        if (goals != await db.GetTable<FactGoalDay>().Select(g => g.GoalName).Distinct().CountAsync(ct)) return (null, "the set of web goals changed");

        var ordersLast = await (from f in db.GetTable<FactOrderLine>()
                                where !f.IsCancelled && !f.IsTest && f.CustomerKey != -1
                                select (int?)f.OrderDateKey).MaxAsync(ct);
        if (ordersLast is null || ordersLast / 100 != snapshotLast / 100) return (null, "the last month with orders moved");
        return (new DateOnly(snapshotLast.Value / 10000, snapshotLast.Value / 100 % 100, 1), "changes only");
    }
}
